/**
 * SQLite through better-sqlite3 (embedded default). WAL with synchronous=FULL: a commit is on disk when it
 * returns (SQLite "PRAGMA synchronous" docs: FULL syncs the WAL at every commit), so `kill -9` loses nothing that
 * was answered. better-sqlite3 is synchronous; transactions are serialised by a queue so that awaits inside one
 * never interleave another's statements on the single connection.
 */
import Database from 'better-sqlite3';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './sql-driver';

function toRow(row: unknown): SqlRow {
  const out: SqlRow = {};
  for (const [key, value] of Object.entries(row as Record<string, unknown>)) {
    out[key] = Buffer.isBuffer(value) ? new Uint8Array(value) : (value as SqlValue);
  }
  return out;
}

const bind = (params: readonly SqlValue[]): unknown[] => params.map((p) => (p instanceof Uint8Array ? Buffer.from(p) : p));

export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
  }

  private readonly executor: SqlExecutor = {
    all: async (sql, params = []) => this.db.prepare(sql).all(...bind(params)).map(toRow),
    run: async (sql, params = []) => {
      const statement = this.db.prepare(sql);
      if (statement.reader) return statement.all(...bind(params)).length;
      return statement.run(...bind(params)).changes;
    },
  };

  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    return this.executor.all(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.executor.run(sql, params);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.executor);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        this.db.exec('ROLLBACK');
        throw error;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  isUniqueViolation(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }
}
