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
    // Code review defect 8: at most one committed escrow per key serial, whatever two instances do at once.
    `CREATE UNIQUE INDEX IF NOT EXISTS ca_puk_escrow_one_committed ON ca_puk_escrow (key_serial) WHERE state = 'committed'`,
    // Issue 14 §2: which certificate a key serial's escrow belongs to (moved forward by that certificate's kur).
    `CREATE TABLE IF NOT EXISTS ca_escrow_bindings (
      key_serial TEXT PRIMARY KEY, cert_serial TEXT NOT NULL, updated_at ${int} NOT NULL)`,
    // RFC 9810 §5.1.3.1: a reference + secret the RA hands out for one enrollment of one subject (`ca enroll`).
    `CREATE TABLE IF NOT EXISTS ca_enrollments (
      reference TEXT PRIMARY KEY, subject ${bytes} NOT NULL, subject_text TEXT NOT NULL, sealed_secret ${bytes} NOT NULL,
      expires_at ${int} NOT NULL, state TEXT NOT NULL, transaction_id TEXT, created_at ${int} NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ca_unlock_requests (
      request_id TEXT PRIMARY KEY, key_serial TEXT NOT NULL, name TEXT NOT NULL, phone TEXT NOT NULL,
      state TEXT NOT NULL, sealed_code ${bytes}, code_expires_at ${int}, attempts_left ${int} NOT NULL,
      created_at ${int} NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ca_enrollments_key_serial ON ca_enrollments (key_serial)`,
    // One open key update per old certificate (code review defect 3): waiting or issued-but-unconfirmed.
    `CREATE UNIQUE INDEX IF NOT EXISTS ca_transactions_one_open_kur ON ca_transactions (old_serial)
      WHERE kind = 'kur' AND state IN ('waiting', 'issued')`,
  ];
}

/** Columns added after the first release: ALTER statements, each skipped where the column already exists. */
export function addedColumns(dialect: 'sqlite' | 'postgres'): Array<{ table: string; column: string; type: string }> {
  const int = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [
    // Who asked (key:<sha256 of SPKI> or ref:<enrollment reference>): follow-ups must come from the same key.
    { table: 'ca_transactions', column: 'requester', type: 'TEXT' },
    // Epoch ms by which an issued certificate must be confirmed, else revoked (RFC 9810 §5.3.18).
    { table: 'ca_transactions', column: 'confirm_by', type: int },
    { table: 'ca_puk_escrow', column: 'cert_serial', type: 'TEXT' },
    { table: 'ca_unlock_requests', column: 'released_escrow_id', type: 'TEXT' },
    { table: 'ca_unlock_requests', column: 'released_key_hash', type: 'TEXT' },
    { table: 'ca_enrollments', column: 'key_serial', type: 'TEXT' },
  ];
}

/**
 * Run before the unique indexes are created: a database written before they existed may hold the duplicates they
 * forbid, and CREATE UNIQUE INDEX would then fail at every start. Resolved deterministically, the same on every
 * instance (idempotent):
 * - several committed escrows of one key serial: the one made by the bound certificate stays committed (else the
 *   newest, by created_at then escrow_id); the others are superseded;
 * - several open key updates of one certificate: the earliest (created_at, transaction_id) stays open; the others
 *   expire and their unconfirmed certificates are revoked, as the confirmation sweep would (RFC 9810 §5.3.18).
 */
export const duplicateResolutionStatements: readonly string[] = [
  `UPDATE ca_puk_escrow SET state = 'superseded' WHERE state = 'committed' AND escrow_id <> (
     SELECT e.escrow_id FROM ca_puk_escrow e LEFT JOIN ca_escrow_bindings b ON b.key_serial = e.key_serial
      WHERE e.key_serial = ca_puk_escrow.key_serial AND e.state = 'committed'
      ORDER BY CASE WHEN e.cert_serial = b.cert_serial THEN 0 ELSE 1 END, e.created_at DESC, e.escrow_id DESC LIMIT 1)`,
  `UPDATE ca_certificates SET status = 'revoked' WHERE status = 'issued' AND transaction_id IN (
     SELECT t.transaction_id FROM ca_transactions t WHERE t.kind = 'kur' AND t.state IN ('waiting', 'issued') AND t.transaction_id <> (
       SELECT k.transaction_id FROM ca_transactions k WHERE k.old_serial = t.old_serial AND k.kind = 'kur' AND k.state IN ('waiting', 'issued')
        ORDER BY k.created_at, k.transaction_id LIMIT 1))`,
  `UPDATE ca_transactions SET state = 'expired', version = version + 1
    WHERE kind = 'kur' AND state IN ('waiting', 'issued') AND transaction_id <> (
      SELECT k.transaction_id FROM ca_transactions k WHERE k.old_serial = ca_transactions.old_serial AND k.kind = 'kur' AND k.state IN ('waiting', 'issued')
       ORDER BY k.created_at, k.transaction_id LIMIT 1)`,
];
