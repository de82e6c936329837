import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import {
  DB_NAME,
  DB_VERSION,
  deleteCorrupt,
  getSetting,
  loadSnapshot,
  openAppDb,
  putToken,
  replaceCertificates,
  setSetting,
  setTokenLabel,
} from '../../../src/store';
import { certRecord, certRecordBeforeV8, tokenRecord } from './fixtures';

function withFactory<T>(factory: IDBFactory, run: () => Promise<T>): Promise<T> {
  const previous = globalThis.indexedDB;
  (globalThis as { indexedDB: IDBFactory }).indexedDB = factory;
  return run().finally(() => {
    (globalThis as { indexedDB: IDBFactory | undefined }).indexedDB = previous;
  });
}

describe('store', () => {
  it('keeps tokens, labels and certificates across a reopen', async () => {
    const factory = new IDBFactory();
    const db = await openAppDb(factory);
    await putToken(db, tokenRecord('t1'));
    expect(await setTokenLabel(db, 't1', '信访')).toBe(true);
    await replaceCertificates(db, 't1', [certRecord('t1', 0x9a), certRecord('t1', 0x9c)]);
    db.close();
    const again = await openAppDb(factory);
    const snap = await loadSnapshot(again);
    expect(snap.corrupt).toEqual([]);
    expect(snap.tokens.map((t) => [t.id, t.label])).toEqual([['t1', '信访']]);
    expect(snap.certificates.map((c) => c.keyRef).sort()).toEqual([0x9a, 0x9c]);
    expect(new Uint8Array(snap.certificates[0]!.der)[0]).toBe(0x30);
  });

  it('does not create a token from a label alone', async () => {
    const db = await openAppDb(new IDBFactory());
    expect(await setTokenLabel(db, 'missing', '案管')).toBe(false);
    expect((await loadSnapshot(db)).tokens).toEqual([]);
  });

  it('replaces only the certificates of the token that was re-read', async () => {
    const db = await openAppDb(new IDBFactory());
    await replaceCertificates(db, 'a', [certRecord('a', 0x9a), certRecord('a', 0x9c)]);
    await replaceCertificates(db, 'b', [certRecord('b', 0x9a)]);
    await replaceCertificates(db, 'a', [certRecord('a', 0x9d)]);
    const snap = await loadSnapshot(db);
    expect(snap.certificates.map((c) => `${c.tokenId}/${c.keyRef.toString(16)}`).sort()).toEqual(['a/9d', 'b/9a']);
  });

  it('stores settings by key', async () => {
    const db = await openAppDb(new IDBFactory());
    expect(await getSetting(db, 'lang')).toBeNull();
    await setSetting(db, 'lang', 'en');
    expect(await getSetting(db, 'lang')).toBe('en');
  });

  it('migrates a version-1 database without dropping its records', async () => {
    const factory = new IDBFactory();
    await withFactory(factory, async () => {
      const v1 = await openDB(DB_NAME, 1, {
        upgrade(db) {
          db.createObjectStore('tokens', { keyPath: 'id' });
          db.createObjectStore('certificates', { keyPath: ['tokenId', 'slot'] });
          db.createObjectStore('settings', { keyPath: 'key' });
        },
      });
      await v1.put('tokens', tokenRecord('old', { label: '案管' }));
      await v1.put('certificates', certRecordBeforeV8('old', 0x9a));
      await v1.put('settings', { key: 'lang', value: 'en' });
      v1.close();
    });
    const db = await openAppDb(factory);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['cardCertificates', 'certificates', 'crls', 'renewals', 'settings', 'signIns', 'tokens', 'trustedCAs', 'unlockEscrows', 'unlockRequests']);
    const snap = await loadSnapshot(db);
    expect(snap.tokens[0]?.label).toBe('案管');
    expect(snap.certificates).toHaveLength(1);
    expect(await getSetting(db, 'lang')).toBe('en');
    // The index added by v2 covers records written by v1.
    expect(await db.transaction('certificates').store.index('byToken').count('old')).toBe(1);
  });

  it('reports corrupt records with their token instead of failing the whole load', async () => {
    const db = await openAppDb(new IDBFactory());
    await putToken(db, tokenRecord('good'));
    // Written around the typed API, as a broken older build or a hand edit would.
    const raw = db as unknown as { put(store: string, value: unknown): Promise<unknown> };
    await raw.put('tokens', { id: 'bad', label: 42 });
    await raw.put('certificates', { tokenId: 'good', keyRef: 0x9a, der: 'not bytes', report: null, parseError: null, readAt: 'x' });
    await raw.put('certificates', { ...certRecord('good', 0x9c), report: { status: 'valid' } });
    const snap = await loadSnapshot(db);
    expect(snap.tokens.map((t) => t.id)).toEqual(['good']);
    expect(snap.certificates).toEqual([]);
    expect(snap.corrupt.map(({ store, key, tokenId }) => ({ store, key, tokenId }))).toEqual([
      { store: 'tokens', key: 'bad', tokenId: 'bad' },
      { store: 'certificates', key: 'good:154', tokenId: 'good' },
      { store: 'certificates', key: 'good:156', tokenId: 'good' },
    ]);
    // Once re-read, the corrupt records go; a record already rewritten correctly is kept.
    await replaceCertificates(db, 'good', [certRecord('good', 0x9c)]);
    for (const notice of snap.corrupt) await deleteCorrupt(db, notice);
    const after = await loadSnapshot(db);
    expect(after.corrupt).toEqual([]);
    expect(after.certificates.map((c) => c.keyRef)).toEqual([0x9c]);
  });
});
