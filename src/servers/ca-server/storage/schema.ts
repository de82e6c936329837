/** Tables of the reference CA. One text for both dialects; only the byte type differs (BLOB / BYTEA). */
export function schemaStatements(dialect: 'sqlite' | 'postgres'): string[] {
  const bytes = dialect === 'sqlite' ? 'BLOB' : 'BYTEA';
  const int = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [
    `CREATE TABLE IF NOT EXISTS ca_transactions (
      transaction_id TEXT PRIMARY KEY, kind TEXT NOT NULL, initial_hash TEXT NOT NULL, profile TEXT NOT NULL,
      state TEXT NOT NULL, subject ${bytes}, public_key ${bytes}, old_serial TEXT, cert_req_id ${int} NOT NULL,
      ready_at ${int}, last_server_nonce ${bytes}, created_at ${int} NOT NULL, updated_at ${int} NOT NULL,
      version ${int} NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ca_exchanges (
      transaction_id TEXT NOT NULL, request_hash TEXT NOT NULL, request ${bytes} NOT NULL, response ${bytes} NOT NULL,
      created_at ${int} NOT NULL, PRIMARY KEY (transaction_id, request_hash))`,
    // UNIQUE(transaction_id): at most one certificate per CMP transaction, whatever the retries or crashes.
    `CREATE TABLE IF NOT EXISTS ca_certificates (
      serial TEXT PRIMARY KEY, transaction_id TEXT UNIQUE, subject TEXT NOT NULL, der ${bytes} NOT NULL,
      not_before ${int} NOT NULL, not_after ${int} NOT NULL, status TEXT NOT NULL, profile TEXT NOT NULL,
      created_at ${int} NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ca_puk_escrow (
      escrow_id TEXT PRIMARY KEY, key_serial TEXT NOT NULL, sealed_puk ${bytes} NOT NULL, state TEXT NOT NULL,
      created_at ${int} NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ca_puk_escrow_key ON ca_puk_escrow (key_serial, state)`,
    `CREATE TABLE IF NOT EXISTS ca_unlock_requests (
      request_id TEXT PRIMARY KEY, key_serial TEXT NOT NULL, name TEXT NOT NULL, phone TEXT NOT NULL,
      state TEXT NOT NULL, sealed_code ${bytes}, code_expires_at ${int}, attempts_left ${int} NOT NULL,
      created_at ${int} NOT NULL)`,
  ];
}
