// Group commit of the CA's SQLite driver (issue 14 §4): transactions asked for together share one COMMIT, each
// in its own savepoint — a failing one rolls back alone — and none resolves before its changes are visible to
// another connection (committed: with synchronous=FULL, on disk).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteDriver } from '../../src/servers/ca-server/storage/sqlite-driver';

let dir: string;
let writer: SqliteDriver;
let reader: SqliteDriver;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ukey-group-commit-'));
  writer = new SqliteDriver(join(dir, 'db.sqlite'));
  await writer.run('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  reader = new SqliteDriver(join(dir, 'db.sqlite'));
});

afterAll(async () => {
  await writer?.close();
  await reader?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SQLite group commit', () => {
  it('resolves each of many concurrent transactions only once another connection sees its row', async () => {
    const seen = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        writer.transaction(async (tx) => tx.run('INSERT INTO t (id, v) VALUES (?, ?)', [i, `v${i}`])).then(async () => (await reader.all('SELECT v FROM t WHERE id = ?', [i]))[0]?.v),
      ),
    );
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => `v${i}`));
  });

  it('rolls back only the failing member of a batch; the others commit', async () => {
    const results = await Promise.allSettled([
      writer.transaction(async (tx) => tx.run('INSERT INTO t (id, v) VALUES (?, ?)', [100, 'a'])),
      writer.transaction(async (tx) => {
        await tx.run('INSERT INTO t (id, v) VALUES (?, ?)', [101, 'half-done']);
        return tx.run('INSERT INTO t (id, v) VALUES (?, ?)', [100, 'duplicate']); // PRIMARY KEY violation
      }),
      writer.transaction(async (tx) => tx.run('INSERT INTO t (id, v) VALUES (?, ?)', [102, 'c'])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(writer.isUniqueViolation((results[1] as PromiseRejectedResult).reason)).toBe(true);
    const rows = await reader.all('SELECT id, v FROM t WHERE id >= 100 ORDER BY id');
    expect(rows).toEqual([{ id: 100, v: 'a' }, { id: 102, v: 'c' }]);
  });

  it('returns what the work returned, and a later transaction sees the earlier ones of its batch', async () => {
    const [first, second] = await Promise.all([
      writer.transaction(async (tx) => (await tx.run('INSERT INTO t (id, v) VALUES (?, ?)', [200, 'x']), 'first')),
      writer.transaction(async (tx) => (await tx.all('SELECT v FROM t WHERE id = ?', [200]))[0]?.v),
    ]);
    expect(first).toBe('first');
    expect(second).toBe('x');
  });
});
