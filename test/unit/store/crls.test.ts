import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import {
  DB_NAME,
  DB_VERSION,
  getSetting,
  isCrlRecord,
  listCrls,
  listTrustedCas,
  loadSnapshot,
  openAppDb,
  putCrl,
  type CrlRecord,
} from '../../../src/store';
import { certRecordBeforeV8, tokenRecord } from './fixtures';

const crl = (id: string, issuer: string, thisUpdate: string): CrlRecord => ({
  id: id.repeat(64),
  der: Uint8Array.of(0x30, 0x00).buffer,
  issuer,
  thisUpdate,
  nextUpdate: null,
  storedAt: '2026-11-22T10:00:00.000Z',
});

describe('crls store (schema v3)', () => {
  it('migrates a version-2 database: every store and record kept, crls added empty', async () => {
    const factory = new IDBFactory();
    const previous = globalThis.indexedDB;
    (globalThis as { indexedDB: IDBFactory }).indexedDB = factory;
    try {
      // The v2 schema exactly as v2 of db.ts created it.
      const v2 = await openDB(DB_NAME, 2, {
        upgrade(db) {
          db.createObjectStore('tokens', { keyPath: 'id' });
          db.createObjectStore('certificates', { keyPath: ['tokenId', 'slot'] }).createIndex('byToken', 'tokenId');
          db.createObjectStore('settings', { keyPath: 'key' });
          db.createObjectStore('trustedCAs', { keyPath: 'id' });
        },
      });
      await v2.put('tokens', tokenRecord('old', { label: '信访' }));
      await v2.put('certificates', certRecordBeforeV8('old', 0x9c));
      await v2.put('settings', { key: 'lang', value: 'en' });
      await v2.put('trustedCAs', { id: 'f'.repeat(64), der: Uint8Array.of(0x30, 0).buffer, label: 'CN=Root', notAfter: '2036-01-01T00:00:00Z', importedAt: '2026-01-01T00:00:00Z' });
      v2.close();
    } finally {
      (globalThis as { indexedDB: IDBFactory }).indexedDB = previous;
    }
    const db = await openAppDb(factory);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['cardCertificates', 'certificates', 'crls', 'renewals', 'settings', 'signIns', 'tokens', 'trustedCAs', 'unlockEscrows', 'unlockRequests']);
    const snap = await loadSnapshot(db);
    expect(snap.tokens.map((t) => t.label)).toEqual(['信访']);
    expect(snap.certificates.map((c) => c.keyRef)).toEqual([0x9c]);
    expect(snap.corrupt).toEqual([]);
    expect(await getSetting(db, 'lang')).toBe('en');
    expect((await listTrustedCas(db)).map((r) => r.label)).toEqual(['CN=Root']);
    expect(await listCrls(db)).toEqual([]);
    db.close();
  });

  it('keeps only the newest CRL per issuer and refuses an older one', async () => {
    const db = await openAppDb(new IDBFactory());
    expect(await putCrl(db, crl('a', 'CN=CA 1', '2026-11-01T00:00:00.000Z'))).toBe(true);
    expect(await putCrl(db, crl('b', 'CN=CA 2', '2026-10-01T00:00:00.000Z'))).toBe(true);
    expect(await putCrl(db, crl('c', 'CN=CA 1', '2026-11-08T00:00:00.000Z'))).toBe(true);
    expect(await putCrl(db, crl('d', 'CN=CA 1', '2026-10-20T00:00:00.000Z'))).toBe(false);
    const kept = (await listCrls(db)).map((r) => `${r.issuer}:${r.id[0]}`).sort();
    expect(kept).toEqual(['CN=CA 1:c', 'CN=CA 2:b']);
    // A malformed record (a broken build, a hand edit) is skipped, not thrown.
    await db.put('crls', { id: 'e'.repeat(64), der: 'x', issuer: 'CN=CA 3', thisUpdate: 'x', nextUpdate: null, storedAt: 'x' } as never);
    expect(await listCrls(db)).toHaveLength(2);
    db.close();
  });

  it('the shape check wants a hex SHA-256 id, non-empty DER and ISO times', () => {
    const good = crl('0', 'CN=CA', '2026-11-01T00:00:00Z');
    expect(isCrlRecord(good)).toBe(true);
    expect(isCrlRecord({ ...good, nextUpdate: '2026-12-01T00:00:00Z' })).toBe(true);
    expect(isCrlRecord({ ...good, id: 'ABC' })).toBe(false);
    expect(isCrlRecord({ ...good, der: new ArrayBuffer(0) })).toBe(false);
    expect(isCrlRecord({ ...good, nextUpdate: 'later' })).toBe(false);
    expect(isCrlRecord(undefined)).toBe(false);
  });
});
