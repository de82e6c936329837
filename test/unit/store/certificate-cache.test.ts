/**
 * The card cache's store (issue 15): schema v7 adds `cardCertificates` to a database an older build made, keeping
 * its data; records are found by card identity and by the token id a card was last seen under; an invalidation
 * bumps the generation, so a read begun before it cannot be stored after it (compare-and-set) — on IndexedDB
 * and in memory alike.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, openAppDb } from '../../../src/store';
import { IdbCardCacheStore, MemoryCardCacheStore, type CardCacheStore } from '../../../src/store/certificate-cache';
import { cardCacheKey, type CardCacheRecord } from '../../../src/store/certificate-cache-record';
import { tokenRecord } from './fixtures';

const FACTS = {
  serialNumber: '12345678',
  firmwareVersion: '5.7.2',
  cardIdentifier: 'aa'.repeat(16),
  readsTriesWithoutSpending: true,
  pinPolicy: { minLength: 6, maxLength: 8, charset: 'any' as const },
  capabilities: { credentials: { pin: true, unblockCode: true }, signs: true, renews: true },
};

function record(identity: string, overrides: Partial<CardCacheRecord> = {}): CardCacheRecord {
  return {
    cardKey: cardCacheKey('piv', identity),
    profileId: 'piv',
    identity,
    tokenId: 'usb:1050:0407',
    generation: 0,
    facts: { ...FACTS, serialNumber: identity },
    certificates: [{ keyRef: 0x9a, role: 'authentication', der: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01).buffer, error: null, keyRefLabel: '9A' }],
    anchorKeyRef: 0x9a,
    keyStateVersion: '',
    seenAt: '2026-12-06T10:00:00.000Z',
    ...overrides,
  };
}

/** A database exactly as schema v6 (the build before this one) left it, with data in it. */
function createV6(factory: IDBFactory): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DB_NAME, 6);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('tokens', { keyPath: 'id' });
      db.createObjectStore('certificates', { keyPath: ['tokenId', 'slot'] }).createIndex('byToken', 'tokenId');
      db.createObjectStore('settings', { keyPath: 'key' });
      db.createObjectStore('trustedCAs', { keyPath: 'id' });
      db.createObjectStore('crls', { keyPath: 'id' }).createIndex('byIssuer', 'issuer');
      db.createObjectStore('signIns', { keyPath: 'id', autoIncrement: true }).createIndex('byToken', 'tokenId');
      db.createObjectStore('renewals', { keyPath: 'id' }).createIndex('byToken', 'tokenId');
      db.createObjectStore('unlockEscrows');
      db.createObjectStore('unlockRequests');
      request.transaction!.objectStore('tokens').put(tokenRecord('t1', { label: '案管' }));
      request.transaction!.objectStore('settings').put({ key: 'lang', value: 'zh-CN' });
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error ?? new Error('open v6 failed'));
  });
}

describe('schema v7: cardCertificates', () => {
  it('upgrades a v6 database: the new store works and the old records are kept', async () => {
    const factory = new IDBFactory();
    await createV6(factory);
    const db = await openAppDb(factory);
    expect(DB_VERSION).toBeGreaterThanOrEqual(7);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toContain('cardCertificates');
    expect(await db.get('tokens', 't1')).toMatchObject({ label: '案管' });
    expect(await db.get('settings', 'lang')).toEqual({ key: 'lang', value: 'zh-CN' });
    const store = new IdbCardCacheStore(async () => db);
    expect(await store.put(record('1'))).toBe(true);
    expect((await store.get(cardCacheKey('piv', '1')))?.facts?.serialNumber).toBe('1');
    db.close();
  });
});

const stores: Array<[string, () => Promise<CardCacheStore>]> = [
  ['IndexedDB', async () => {
    const db = await openAppDb(new IDBFactory());
    return new IdbCardCacheStore(async () => db);
  }],
  ['memory', async () => new MemoryCardCacheStore()],
];

describe.each(stores)('card cache store (%s)', (_name, make) => {
  it('forgets every card seen under a token id, invalidated ones included, and nothing else (leaving the demo)', async () => {
    const store = await make();
    await store.put(record('1', { tokenId: 'demo' }));
    await store.put(record('2', { tokenId: 'demo' }));
    await store.invalidate(cardCacheKey('piv', '2')); // a tombstone still names the card and the token
    await store.put(record('3', { tokenId: 'usb:other' }));
    expect((await store.forgetToken('demo')).sort()).toEqual([cardCacheKey('piv', '1'), cardCacheKey('piv', '2')].sort());
    expect(await store.get(cardCacheKey('piv', '1'))).toBeNull();
    expect(await store.get(cardCacheKey('piv', '2'))).toBeNull();
    expect((await store.get(cardCacheKey('piv', '3')))?.tokenId).toBe('usb:other');
  });

  it('finds a card by identity, and the cards of a profile by the token id they were seen under, newest first', async () => {
    const store = await make();
    await store.put(record('1', { seenAt: '2026-12-06T10:00:00.000Z' }));
    await store.put(record('2', { seenAt: '2026-12-06T11:00:00.000Z' }));
    await store.put(record('3', { tokenId: 'usb:other', seenAt: '2026-12-06T12:00:00.000Z' }));
    expect((await store.cardsSeenUnder('usb:1050:0407', 'piv')).map((r) => r.identity)).toEqual(['2', '1']);
    expect(await store.cardsSeenUnder('usb:1050:0407', 'pkcs15')).toEqual([]);
    expect((await store.get(cardCacheKey('piv', '3')))?.tokenId).toBe('usb:other');
    expect(await store.get(cardCacheKey('pkcs15', '3'))).toBeNull();
  });

  it('an invalidation forgets facts and certificates, and a read begun before it is not stored after it', async () => {
    const store = await make();
    const key = cardCacheKey('piv', '1');
    expect(await store.put(record('1'))).toBe(true);
    const seen = await store.generation(key); // worker A starts reading the card
    await store.invalidate(key); // worker B wrote a certificate meanwhile
    expect(await store.get(key)).toMatchObject({ facts: null, certificates: null, generation: seen + 1 });
    expect(await store.cardsSeenUnder('usb:1050:0407', 'piv')).toEqual([]);
    expect(await store.put(record('1', { generation: seen }))).toBe(false);
    expect((await store.get(key))?.certificates).toBeNull();
    expect(await store.put(record('1', { generation: seen + 1 }))).toBe(true);
    expect((await store.get(key))?.certificates).toHaveLength(1);
  });

  it('an invalidation of a card never cached still stops a read begun before it', async () => {
    const store = await make();
    const key = cardCacheKey('piv', '9');
    const seen = await store.generation(key);
    await store.invalidate(key);
    expect(await store.put(record('9', { generation: seen }))).toBe(false);
    expect(await store.get(key)).toMatchObject({ facts: null, certificates: null });
  });
});
