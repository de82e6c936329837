// A database written before the unique indexes of issue 14 §2 (one committed escrow per key serial, one open
// key update per certificate) may hold duplicates; migrate() resolves them deterministically instead of failing
// to create the index at every start — on SQLite and on a real PostgreSQL 15.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDriver } from '../../src/servers/ca-server/storage/postgres-driver';
import type { SqlDriver } from '../../src/servers/ca-server/storage/sql-driver';
import { SqlCaRepository } from '../../src/servers/ca-server/storage/sql-repository';
import { SqliteDriver } from '../../src/servers/ca-server/storage/sqlite-driver';
import { startPostgres, type RunningPostgres } from '../unit/cmp/support/postgres';

let postgres: RunningPostgres;
const dirs: string[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const backends: Array<[string, () => SqlDriver]> = [
  ['SQLite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukey-migrate-'));
    dirs.push(dir);
    return new SqliteDriver(join(dir, 'ca.sqlite'));
  }],
  ['PostgreSQL', () => new PostgresDriver(postgres.url)],
];

describe.each(backends)('migration over duplicates on %s', (_name, openDriver) => {
  it('keeps the bound certificate’s escrow and the earliest open key update; creates the unique indexes', async () => {
    const driver = openDriver();
    try {
      await new SqlCaRepository(driver).migrate();
      // The database as an older release left it: no unique indexes, duplicates in both tables.
      await driver.run('DROP INDEX ca_puk_escrow_one_committed');
      await driver.run('DROP INDEX ca_transactions_one_open_kur');
      const blob = new Uint8Array([1]);
      for (const [id, cert, at] of [['e-victim', 'c-victim', 1], ['e-attacker', 'c-attacker', 2], ['e-other', null, 3]] as const) {
        await driver.run("INSERT INTO ca_puk_escrow (escrow_id, key_serial, sealed_puk, state, created_at, cert_serial) VALUES (?, 'K1', ?, 'committed', ?, ?)", [id, blob, at, cert]);
      }
      await driver.run("INSERT INTO ca_escrow_bindings (key_serial, cert_serial, updated_at) VALUES ('K1', 'c-victim', 1)");
      // K2 unbound: the newest committed stays.
      for (const [id, at] of [['f-old', 1], ['f-new', 2]] as const) {
        await driver.run("INSERT INTO ca_puk_escrow (escrow_id, key_serial, sealed_puk, state, created_at, cert_serial) VALUES (?, 'K2', ?, 'committed', ?, NULL)", [id, blob, at]);
      }
      for (const [id, at] of [['t-first', 10], ['t-second', 20]] as const) {
        await driver.run(
          `INSERT INTO ca_transactions (transaction_id, kind, initial_hash, profile, state, old_serial, cert_req_id, created_at, updated_at, version)
             VALUES (?, 'kur', 'h', 'p', 'issued', 'OLD', 0, ?, ?, 1)`,
          [id, at, at],
        );
        await driver.run(
          "INSERT INTO ca_certificates (serial, transaction_id, subject, der, not_before, not_after, status, profile, created_at) VALUES (?, ?, 'CN=a', ?, 0, 1, 'issued', 'p', ?)",
          [`s-${id}`, id, blob, at],
        );
      }
      // A restart runs migrate() again.
      const repository = new SqlCaRepository(driver);
      await repository.migrate();
      expect((await repository.findCommittedEscrow('K1'))?.escrowId).toBe('e-victim');
      expect((await repository.findEscrow('e-attacker'))?.state).toBe('superseded');
      expect((await repository.findEscrow('e-other'))?.state).toBe('superseded');
      expect((await repository.findCommittedEscrow('K2'))?.escrowId).toBe('f-new');
      expect((await repository.findOpenKeyUpdate('OLD'))?.transactionId).toBe('t-first');
      expect((await repository.findTransaction('t-second'))?.state).toBe('expired');
      expect((await repository.findCertificate('s-t-second'))?.status).toBe('revoked');
      expect((await repository.findCertificate('s-t-first'))?.status).toBe('issued');
      // The indexes exist again: a second committed escrow of K1 is refused by the database.
      await expect(driver.run("UPDATE ca_puk_escrow SET state = 'committed' WHERE escrow_id = 'e-attacker'")).rejects.toThrow();
    } finally {
      await driver.close();
    }
  });
});
