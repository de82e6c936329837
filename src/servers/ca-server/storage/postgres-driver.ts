/**
 * PostgreSQL through `pg` (several CA instances share one database). `?` placeholders become `$n`; BIGINT is
 * read as a number (our values are epoch milliseconds and counters, far below 2^53); BYTEA arrives as Buffer.
 */
import pg from 'pg';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './sql-driver';

const INT8_OID = 20;

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function toRow(row: Record<string, unknown>): SqlRow {
  const out: SqlRow = {};
  for (const [key, value] of Object.entries(row)) out[key] = Buffer.isBuffer(value) ? new Uint8Array(value) : (value as SqlValue);
  return out;
}

const bind = (params: readonly SqlValue[]): unknown[] => params.map((p) => (p instanceof Uint8Array ? Buffer.from(p) : p));

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    all: async (sql, params = []) => (await client.query(numbered(sql), bind(params))).rows.map(toRow),
    run: async (sql, params = []) => {
      const result = await client.query(numbered(sql), bind(params));
      return result.rowCount ?? result.rows.length;
    },
  };
}

export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly direct: SqlExecutor;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({
      connectionString,
      max: 8,
      types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
    });
    this.direct = executor(this.pool);
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    return this.direct.all(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.direct.run(sql, params);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(executor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  isUniqueViolation(error: unknown): boolean {
    return (error as { code?: unknown } | null)?.code === '23505';
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
