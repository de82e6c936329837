/**
 * What the SQL repository needs from a database: parameterised queries with `?` placeholders and an atomic
 * transaction. Each driver maps its own types (BLOB/BYTEA → Uint8Array, BIGINT → number).
 */
export type SqlValue = string | number | Uint8Array | null;
export type SqlRow = Record<string, SqlValue>;

export interface SqlExecutor {
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Returns the number of changed rows. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction: committed durably when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** True for a PRIMARY KEY / UNIQUE violation (a concurrent twin committed first). */
  isUniqueViolation(error: unknown): boolean;
  close(): Promise<void>;
}
