// The sign-in history (signIns): bounded per key, newest first, and gone with the key when the user lets the
// demo go (issue 16 §2 "leaving the demo clears its records").
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { addSignIn, deleteSignIns, listSignIns, openAppDb, SIGN_IN_HISTORY_LIMIT } from '../../../src/store';

const entry = (tokenId: string, at: string) => ({ tokenId, origin: 'https://portal.example.cn', at, certSha256: 'ab'.repeat(32) });

describe('sign-in history', () => {
  it('keeps the newest sign-ins of each key, up to the limit', async () => {
    const db = await openAppDb(new IDBFactory());
    for (let i = 0; i < SIGN_IN_HISTORY_LIMIT + 3; i++) await addSignIn(db, entry('demo', new Date(Date.UTC(2026, 11, 1, 0, i)).toISOString()));
    const kept = await listSignIns(db, 'demo');
    expect(kept).toHaveLength(SIGN_IN_HISTORY_LIMIT);
    expect(kept[0]!.at).toBe(new Date(Date.UTC(2026, 11, 1, 0, SIGN_IN_HISTORY_LIMIT + 2)).toISOString());
  });

  it('deletes one key’s history and no other key’s', async () => {
    const db = await openAppDb(new IDBFactory());
    await addSignIn(db, entry('demo', '2026-12-06T10:00:00.000Z'));
    await addSignIn(db, entry('usb:1', '2026-12-06T10:01:00.000Z'));
    await deleteSignIns(db, 'demo');
    expect(await listSignIns(db, 'demo')).toEqual([]);
    expect(await listSignIns(db, 'usb:1')).toHaveLength(1);
  });
});
