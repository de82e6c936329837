/** Opens the configured storage: SQLite file in DIR by default, PostgreSQL when a connection URL is given. */
import { join } from 'node:path';
import type { CaRepository } from './storage/repository';
import { PostgresDriver } from './storage/postgres-driver';
import { SqlCaRepository } from './storage/sql-repository';
import { SqliteDriver } from './storage/sqlite-driver';

export async function openRepository(dir: string, postgresUrl?: string): Promise<CaRepository> {
  const driver = postgresUrl ? new PostgresDriver(postgresUrl) : new SqliteDriver(join(dir, 'ca.sqlite'));
  const repository = new SqlCaRepository(driver);
  await repository.migrate();
  return repository;
}
