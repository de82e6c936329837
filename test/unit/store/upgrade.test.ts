/**
 * A schema bump never hangs start-up (issue 7 §2): an open connection of an older version closes itself when a
 * newer version asks (IndexedDB "versionchange"), and a blocked open is reported to the caller.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, openAppDb } from '../../../src/store';

function openRaw(factory: IDBFactory, version: number): Promise<{ db: IDBDatabase; blocked: boolean }> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const request = factory.open(DB_NAME, version);
    request.onblocked = () => {
      blocked = true;
    };
    request.onsuccess = () => resolve({ db: request.result, blocked });
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
}

describe('IndexedDB upgrades', () => {
  it('an old tab holding the database open lets a newer version upgrade instead of blocking it', async () => {
    const factory = new IDBFactory();
    let told = 0;
    const oldTab = await openAppDb({ factory, onVersionChange: () => told++ });
    expect(oldTab.version).toBe(DB_VERSION);
    const { db, blocked } = await openRaw(factory, DB_VERSION + 1);
    expect(db.version).toBe(DB_VERSION + 1);
    expect(blocked).toBe(false);
    expect(told).toBe(1);
    db.close();
  });

  it('a newer connection that is blocked by one that does not let go is reported, not silent', async () => {
    const factory = new IDBFactory();
    const holder = await openRaw(factory, DB_VERSION); // a connection without a versionchange handler
    let blockedCalls = 0;
    const pending = openAppDb({ factory, version: DB_VERSION + 1, onBlocked: () => blockedCalls++ });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(blockedCalls).toBe(1);
    holder.db.close(); // the user closed the other tab
    const db = await pending;
    expect(db.version).toBe(DB_VERSION + 1);
    db.close();
  });
});

describe('schema v4: sign-in history', () => {
  it('keeps the newest sign-ins per key, newest first, at most the limit', async () => {
    const { addSignIn, listSignIns, SIGN_IN_HISTORY_LIMIT } = await import('../../../src/store');
    const db = await openAppDb(new IDBFactory());
    for (let i = 0; i < SIGN_IN_HISTORY_LIMIT + 3; i++) {
      await addSignIn(db, { tokenId: 'k1', origin: `https://site${i}.example.cn`, at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), certSha256: 'ab' });
    }
    await addSignIn(db, { tokenId: 'k2', origin: 'https://other.example.cn', at: '2026-02-01T00:00:00.000Z', certSha256: 'cd' });
    const kept = await listSignIns(db, 'k1');
    expect(kept).toHaveLength(SIGN_IN_HISTORY_LIMIT);
    expect(kept[0]!.origin).toBe(`https://site${SIGN_IN_HISTORY_LIMIT + 2}.example.cn`);
    expect((await listSignIns(db, 'k2')).map((r) => r.origin)).toEqual(['https://other.example.cn']);
    db.close();
  });
});
