/**
 * Schema v8 (issue 17 §3): certificate records are keyed by [tokenId, keyRef] — the card profile's opaque key
 * reference — instead of PIV's [tokenId, slot]. IndexedDB cannot change a store's keyPath, so the upgrade copies
 * the records into a new store; a database the previous version (v7) made keeps every certificate.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openDB as openIdb, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, openAppDb } from '../../../src/store/db';
import { loadSnapshot } from '../../../src/store/app-store';

/** The v7 schema exactly as v7 of the app made it. */
function v7Schema(raw: IDBPDatabase): void {
  raw.createObjectStore('tokens', { keyPath: 'id' });
  raw.createObjectStore('certificates', { keyPath: ['tokenId', 'slot'] }).createIndex('byToken', 'tokenId');
  raw.createObjectStore('settings', { keyPath: 'key' });
  raw.createObjectStore('trustedCAs', { keyPath: 'id' });
  raw.createObjectStore('crls', { keyPath: 'id' }).createIndex('byIssuer', 'issuer');
  raw.createObjectStore('signIns', { keyPath: 'id', autoIncrement: true }).createIndex('byToken', 'tokenId');
  raw.createObjectStore('renewals', { keyPath: 'id' }).createIndex('byToken', 'tokenId');
  raw.createObjectStore('unlockEscrows');
  raw.createObjectStore('unlockRequests');
  raw.createObjectStore('cardCertificates', { keyPath: 'cardKey' }).createIndex('byToken', 'tokenId');
}

const readAt = '2026-12-01T08:00:00.000Z';
const stored = (tokenId: string, slot: number, role?: string) => ({
  tokenId, slot, ...(role ? { role } : {}), der: Uint8Array.of(0x30, slot).buffer, report: null, parseError: null, readAt,
});

async function withGlobal<T>(factory: IDBFactory, run: () => Promise<T>): Promise<T> {
  const previous = globalThis.indexedDB;
  globalThis.indexedDB = factory;
  try {
    return await run();
  } finally {
    globalThis.indexedDB = previous;
  }
}

describe('certificates keyed by key reference (IndexedDB v8)', () => {
  it('a v7 database keeps every certificate, now under keyRef, and other stores untouched', async () => {
    const factory = new IDBFactory();
    const v7 = await withGlobal(factory, () => openIdb(DB_NAME, 7, { upgrade: v7Schema }));
    await v7.put('certificates', stored('t1', 0x9a, 'authentication'));
    await v7.put('certificates', stored('t1', 0x9c));
    await v7.put('certificates', stored('t2', 0x01, 'signature'));
    await v7.put('tokens', { id: 't1', label: 'mine' });
    v7.close();

    const db = await openAppDb({ factory });
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThanOrEqual(8);
    const store = db.transaction('certificates').store;
    expect(store.keyPath).toEqual(['tokenId', 'keyRef']);
    expect([...db.objectStoreNames].filter((n) => n.startsWith('certificates'))).toEqual(['certificates']);
    const { certificates } = await loadSnapshot(db);
    expect(certificates.map((c) => [c.tokenId, c.keyRef, c.role]).sort()).toEqual([
      ['t1', 0x9a, 'authentication'],
      ['t1', 0x9c, undefined],
      ['t2', 0x01, 'signature'],
    ].sort());
    expect(certificates.every((c) => !('slot' in c))).toBe(true);
    expect(new Uint8Array((await db.get('certificates', ['t1', 0x9c]))!.der)).toEqual(Uint8Array.of(0x30, 0x9c));
    expect((await db.getAllFromIndex('certificates', 'byToken', 't1')).length).toBe(2);
    expect(await db.get('tokens', 't1')).toEqual({ id: 't1', label: 'mine' });
    db.close();
  });

  it('a new database starts with the keyRef keyPath', async () => {
    const db = await openAppDb({ factory: new IDBFactory() });
    expect(db.transaction('certificates').store.keyPath).toEqual(['tokenId', 'keyRef']);
    db.close();
  });
});
