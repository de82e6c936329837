/**
 * SQLite through better-sqlite3 (embedded default). WAL with synchronous=FULL: a commit is on disk when it
 * returns (SQLite "PRAGMA synchronous" docs: FULL syncs the WAL at every commit), so `kill -9` loses nothing that
 * was answered.
 *
 * Group commit (issue 14 §4): better-sqlite3 is synchronous, so every COMMIT's fsync stalls the whole server. The
 * transactions asked for while one batch runs wait for the next batch; a batch runs each of them in its own
 * SAVEPOINT (SQLite "SAVEPOINT" docs: a failing one rolls back alone) inside one BEGIN IMMEDIATE … COMMIT, and
 * resolves them only after that COMMIT returned — one fsync for the batch, and still no answer before its
 * changes are durable. The works only await this synchronous driver, so a batch never interleaves with other
 * requests' statements.
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

/** Enough for every statement text of the repository; a runaway caller cannot grow the cache without bound. */
const MAX_CACHED_STATEMENTS = 256;
/** A batch of this many transactions commits; the rest wait for the next (bounds one batch's latency). */
const MAX_BATCH = 64;

interface Pending {
  readonly work: (tx: SqlExecutor) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private waiting: Pending[] = [];
  private running: Promise<void> | null = null;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private readonly executor: SqlExecutor = {
    all: async (sql, params = []) => this.prepare(sql).all(...bind(params)).map(toRow),
    run: async (sql, params = []) => {
      const statement = this.prepare(sql);
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
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.waiting.length === 0) return;
    // setImmediate: the transactions asked for in this turn of the event loop join the same batch.
    this.running = new Promise<void>((done) => setImmediate(() => void this.runBatch().finally(done))).then(() => {
      this.running = null;
      this.schedule();
    });
  }

  private async runBatch(): Promise<void> {
    const batch = this.waiting.splice(0, MAX_BATCH);
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    for (const p of batch) {
      this.db.exec('SAVEPOINT one');
      try {
        const value = await p.work(this.executor);
        this.db.exec('RELEASE one');
        outcomes.push({ ok: true, value });
      } catch (error) {
        this.db.exec('ROLLBACK TO one');
        this.db.exec('RELEASE one');
        outcomes.push({ ok: false, error });
      }
    }
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      // Nothing of this batch is durable: every member fails, none is answered as stored.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) p.resolve(outcome.value);
      else p.reject(outcome.error);
    });
  }

  isUniqueViolation(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  }

  async close(): Promise<void> {
    while (this.running || this.waiting.length > 0) await (this.running ?? new Promise((resolve) => setImmediate(resolve)));
    this.db.close();
  }
}
