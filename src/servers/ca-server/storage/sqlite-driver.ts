/**
 * SQLite through better-sqlite3 (embedded default), WAL journal. Nothing is reported stored before it is on disk.
 *
 * Group commit (issue 14 §4). better-sqlite3 is synchronous: with synchronous=FULL every COMMIT's fsync stalls
 * the whole server, and no other request can even reach its commit meanwhile. So:
 * - The transactions asked for while one batch runs wait for the next; a batch runs each in its own SAVEPOINT
 *   (SQLite "SAVEPOINT" docs: a failing one rolls back alone) inside one BEGIN IMMEDIATE … COMMIT.
 * - synchronous=NORMAL, and after the COMMIT this driver fsyncs the WAL file itself, on libuv's thread pool
 *   while the event loop serves other requests; the batch resolves only then. That is what FULL does in WAL mode
 *   (SQLite "PRAGMA synchronous": FULL syncs the WAL after each commit; NORMAL syncs it before each checkpoint and
 *   the database after it, so checkpoints stay safe), done once per batch and off the event loop.
 * - A read outside a transaction may see a batch that is committed but not yet synced: it waits for that sync, so
 *   a stored answer found by one request is never sent before it is durable.
 * The works only await this synchronous driver, so a batch never interleaves with other requests' statements.
 */
import { open as openFile, type FileHandle } from 'node:fs/promises';
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
  /** The fsync of the WAL in flight (or done): what every commit so far waits for before it counts as stored. */
  private synced: Promise<void> = Promise.resolve();
  private wal: Promise<FileHandle> | null = null;

  constructor(private readonly path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
  }

  /** fsyncs the WAL (and, the first time, the directory that holds it: a new file's name must be durable too). */
  private sync(): Promise<void> {
    const previous = this.synced;
    this.synced = (async () => {
      await previous.catch(() => undefined);
      if (!this.wal) {
        this.wal = openFile(`${this.path}-wal`, 'r');
        const directory = await openFile(this.path.replace(/[^/\\]*$/, '') || '.', 'r');
        await directory.sync().finally(() => directory.close());
      }
      await (await this.wal).sync();
    })();
    return this.synced;
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

  async all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    const rows = await this.executor.all(sql, params);
    await this.synced; // what we read may be committed but not yet on disk
    return rows;
  }

  /** Outside a transaction: the statement commits by itself, and is synced before it counts. */
  async run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    const changed = await this.executor.run(sql, params);
    await this.sync();
    return changed;
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
    // The next batch may run while this one's fsync is in flight; this one resolves only after it.
    const durable = this.sync();
    void durable
      .then(() => this.settle(batch, outcomes))
      .catch((error: unknown) => {
        // Not known to be on disk: no member may be answered as stored (the service answers 503).
        for (const p of batch) p.reject(error);
      });
  }

  private settle(batch: readonly Pending[], outcomes: ReadonlyArray<{ ok: true; value: unknown } | { ok: false; error: unknown }>): void {
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
    await this.synced.catch(() => undefined);
    if (this.wal) await (await this.wal).close().catch(() => undefined);
    this.db.close();
  }
}
