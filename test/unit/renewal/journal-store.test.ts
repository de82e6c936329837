/**
 * The renewal journal's IndexedDB store (schema v5): a v4 database upgrades with every record kept and an
 * empty `renewals` store; journals round-trip byte for byte; a damaged record is skipped, and the record
 * reader never throws on anything (10,000 random values).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDB as openIdb, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, openAppDb } from '../../../src/store/db';
import { IdbRenewalJournalStore, readRenewalJournal } from '../../../src/store/renewal-journal';
import type { RenewalJournal } from '../../../src/flows/renewal/journal';

function journal(id: string, tokenId = 'demo', changes: Partial<RenewalJournal> = {}): RenewalJournal {
  return {
    id,
    tokenId,
    tokenSerial: '33710354',
    mainKeyRef: 0x9a,
    newKeyRef: 0x83,
    algorithm: 'ECC-P256',
    caUrl: 'http://127.0.0.1:8080/.well-known/cmp',
    oldCertificate: Uint8Array.of(0x30, 1, 2),
    chain: [Uint8Array.of(0x30, 3)],
    caCmpCertificate: Uint8Array.of(0x30, 4),
    step: 'request-built',
    newPublicKey: Uint8Array.of(5, 6),
    pendingRequest: Uint8Array.of(7),
    transaction: { transactionId: new Uint8Array(16).fill(1), lastSenderNonce: new Uint8Array(16).fill(2), certReqId: 0, recipient: Uint8Array.of(0x30, 0) },
    createdAt: '2026-11-30T10:00:00.000Z',
    updatedAt: '2026-11-30T10:00:01.000Z',
    ...changes,
  };
}

async function withFactory<T>(factory: IDBFactory, run: () => Promise<T>): Promise<T> {
  const previous = globalThis.indexedDB;
  globalThis.indexedDB = factory;
  try {
    return await run();
  } finally {
    globalThis.indexedDB = previous;
  }
}

describe('renewals store (IndexedDB v5)', () => {
  it('upgrades a v4 database: records kept, renewals added', async () => {
    const factory = new IDBFactory();
    // The v4 schema exactly as v4 of the app made it.
    const v4 = await withFactory(factory, () => openIdb(DB_NAME, 4, {
      upgrade(raw: IDBPDatabase) {
        raw.createObjectStore('tokens', { keyPath: 'id' });
        raw.createObjectStore('certificates', { keyPath: ['tokenId', 'slot'] }).createIndex('byToken', 'tokenId');
        raw.createObjectStore('settings', { keyPath: 'key' });
        raw.createObjectStore('trustedCAs', { keyPath: 'id' });
        raw.createObjectStore('crls', { keyPath: 'id' }).createIndex('byIssuer', 'issuer');
        raw.createObjectStore('signIns', { keyPath: 'id', autoIncrement: true }).createIndex('byToken', 'tokenId');
      },
    }));
    await v4.put('settings', { key: 'lang', value: 'zh' });
    v4.close();
    const db = await openAppDb({ factory });
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThanOrEqual(5);
    expect([...db.objectStoreNames]).toContain('renewals');
    expect(await db.get('settings', 'lang')).toEqual({ key: 'lang', value: 'zh' });
    expect(await new IdbRenewalJournalStore(db).listByToken('demo')).toEqual([]);
    db.close();
  });

  it('saves and reads journals per token; a damaged record is skipped', async () => {
    const db = await openAppDb({ factory: new IDBFactory() });
    const store = new IdbRenewalJournalStore(db);
    await store.save(journal('a'));
    await store.save(journal('b', 'other'));
    await store.save({ ...journal('a'), step: 'answered', newCertificate: Uint8Array.of(0x30, 9), pendingRequest: undefined });
    const got = await store.get('a');
    expect(got?.step).toBe('answered');
    expect(got?.newCertificate).toEqual(Uint8Array.of(0x30, 9));
    expect((await store.listByToken('demo')).map((j) => j.id)).toEqual(['a']);
    await db.put('renewals', { ...journal('c'), step: 'exploded' } as unknown as RenewalJournal);
    expect(await store.get('c')).toBeNull();
    expect((await store.listByToken('demo')).map((j) => j.id)).toEqual(['a']);
    db.close();
  });

  it('readRenewalJournal: null or a well-formed journal for any value, never a throw (10,000 runs)', () => {
    const anyValue = fc.oneof(
      fc.anything(),
      fc.record({ ...Object.fromEntries(Object.entries(journal('x')).map(([k]) => [k, fc.anything()])) }),
      fc.constantFrom(...Object.keys(journal('x'))).map((drop) => {
        const copy: Record<string, unknown> = { ...journal('y') };
        delete copy[drop];
        return copy;
      }),
    );
    fc.assert(
      fc.property(anyValue, (value) => {
        const read = readRenewalJournal(value);
        if (read !== null) expect(typeof read.id).toBe('string');
      }),
      { numRuns: 10_000 },
    );
    expect(readRenewalJournal(journal('z'))).not.toBeNull();
    // Dropping an optional field keeps it valid; dropping a required one does not.
    const { pendingRequest: _p, ...withoutPending } = journal('z');
    expect(readRenewalJournal(withoutPending)).not.toBeNull();
    const { oldCertificate: _o, ...withoutOld } = journal('z');
    expect(readRenewalJournal(withoutOld)).toBeNull();
  });
});
