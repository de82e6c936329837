/** CaRepository over any SqlDriver: the same statements run on SQLite and PostgreSQL. */
import type {
  CaRepository,
  CommitEffect,
  EnrollmentRecord,
  EnrollmentState,
  CertificateRecord,
  CertificateStatus,
  CommitResult,
  EscrowRecord,
  EscrowState,
  ExchangeCommit,
  TransactionRecord,
  TransactionState,
  UnlockRequestRecord,
  UnlockState,
} from './repository';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './sql-driver';
import { addedColumns, duplicateResolutionStatements, schemaStatements } from './schema';

/** Thrown inside a commit when a conditional effect finds the state changed: rolls back, reported `stale`. */
class StaleEffect extends Error {
  override readonly name = 'StaleEffect';
}

const str = (v: SqlValue | undefined): string => String(v ?? '');
const num = (v: SqlValue | undefined): number => Number(v ?? 0);
const optNum = (v: SqlValue | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const optBytes = (v: SqlValue | undefined): Uint8Array | null => (v instanceof Uint8Array ? v : null);
const bytes = (v: SqlValue | undefined): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array());

function toTransaction(r: SqlRow): TransactionRecord {
  return {
    transactionId: str(r.transaction_id),
    kind: str(r.kind),
    initialHash: str(r.initial_hash),
    profile: str(r.profile),
    state: str(r.state) as TransactionState,
    subject: optBytes(r.subject),
    publicKey: optBytes(r.public_key),
    oldSerial: r.old_serial === null ? null : str(r.old_serial),
    certReqId: num(r.cert_req_id),
    readyAt: optNum(r.ready_at),
    lastServerNonce: optBytes(r.last_server_nonce),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
    version: num(r.version),
    requester: r.requester === null || r.requester === undefined ? null : str(r.requester),
    confirmBy: optNum(r.confirm_by),
  };
}

function toEnrollment(r: SqlRow): EnrollmentRecord {
  return {
    reference: str(r.reference), subject: bytes(r.subject), subjectText: str(r.subject_text), sealedSecret: bytes(r.sealed_secret),
    expiresAt: num(r.expires_at), state: str(r.state) as EnrollmentState, transactionId: r.transaction_id === null ? null : str(r.transaction_id),
    createdAt: num(r.created_at), keySerial: r.key_serial === null || r.key_serial === undefined ? null : str(r.key_serial),
  };
}

function toCertificate(r: SqlRow): CertificateRecord {
  return {
    serial: str(r.serial),
    transactionId: r.transaction_id === null ? null : str(r.transaction_id),
    subject: str(r.subject),
    der: bytes(r.der),
    notBefore: num(r.not_before),
    notAfter: num(r.not_after),
    status: str(r.status) as CertificateStatus,
    profile: str(r.profile),
    createdAt: num(r.created_at),
  };
}

function toEscrow(r: SqlRow): EscrowRecord {
  return {
    escrowId: str(r.escrow_id), keySerial: str(r.key_serial), sealedPuk: bytes(r.sealed_puk), state: str(r.state) as EscrowState,
    createdAt: num(r.created_at), certSerial: r.cert_serial === null || r.cert_serial === undefined ? null : str(r.cert_serial),
  };
}

function toUnlock(r: SqlRow): UnlockRequestRecord {
  return {
    requestId: str(r.request_id),
    keySerial: str(r.key_serial),
    name: str(r.name),
    phone: str(r.phone),
    state: str(r.state) as UnlockState,
    sealedCode: optBytes(r.sealed_code),
    codeExpiresAt: optNum(r.code_expires_at),
    attemptsLeft: num(r.attempts_left),
    createdAt: num(r.created_at),
    releasedEscrowId: r.released_escrow_id === null || r.released_escrow_id === undefined ? null : str(r.released_escrow_id),
    releasedKeyHash: r.released_key_hash === null || r.released_key_hash === undefined ? null : str(r.released_key_hash),
  };
}

/** Applies one effect inside the commit's transaction; a changed precondition throws StaleEffect. */
async function applyEffect(tx: SqlExecutor, effect: CommitEffect): Promise<void> {
  const expectOne = (changed: number): void => {
    if (changed !== 1) throw new StaleEffect(effect.kind);
  };
  switch (effect.kind) {
    case 'use-enrollment':
      return expectOne(await tx.run("UPDATE ca_enrollments SET state = 'used', transaction_id = ? WHERE reference = ? AND state = 'open'", [effect.transactionId, effect.reference]));
    case 'put-escrow': {
      const r = effect.record;
      await tx.run('INSERT INTO ca_puk_escrow (escrow_id, key_serial, sealed_puk, state, created_at, cert_serial) VALUES (?, ?, ?, ?, ?, ?)', [
        r.escrowId, r.keySerial, r.sealedPuk, r.state, r.createdAt, r.certSerial ?? null,
      ]);
      return;
    }
    case 'commit-escrow': {
      const pending = await tx.all("SELECT escrow_id FROM ca_puk_escrow WHERE escrow_id = ? AND key_serial = ? AND state = 'pending'", [effect.escrowId, effect.keySerial]);
      if (!pending[0]) throw new StaleEffect(effect.kind);
      // Review defect 3: the binding is checked again here, in the transaction that moves it — a commit that
      // passed the service's check while the key serial was unbound must not replace another certificate's escrow.
      if (!(await boundToLineage(tx, effect.keySerial, effect.certSerial))) throw new StaleEffect(effect.kind);
      await tx.run("UPDATE ca_puk_escrow SET state = 'superseded' WHERE key_serial = ? AND state = 'committed'", [effect.keySerial]);
      // The partial unique index refuses a second committed row if another instance committed meanwhile.
      await tx.run("UPDATE ca_puk_escrow SET state = 'committed' WHERE escrow_id = ?", [effect.escrowId]);
      const moved = await tx.run('UPDATE ca_escrow_bindings SET cert_serial = ?, updated_at = ? WHERE key_serial = ?', [effect.certSerial, effect.at, effect.keySerial]);
      if (moved === 0) await tx.run('INSERT INTO ca_escrow_bindings (key_serial, cert_serial, updated_at) VALUES (?, ?, ?)', [effect.keySerial, effect.certSerial, effect.at]);
      return;
    }
    case 'file-unlock-request': {
      const r = effect.record;
      return expectOne(
        await tx.run(
          `INSERT INTO ca_unlock_requests (request_id, key_serial, name, phone, state, sealed_code, code_expires_at, attempts_left, created_at)
             SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE (SELECT COUNT(*) FROM ca_unlock_requests WHERE key_serial = ? AND state IN ('filed', 'approved')) < ?`,
          [r.requestId, r.keySerial, r.name, r.phone, r.state, r.sealedCode, r.codeExpiresAt, r.attemptsLeft, r.createdAt, r.keySerial, effect.cap],
        ),
      );
    }
    case 'release-unlock':
      return expectOne(
        await tx.run(
          "UPDATE ca_unlock_requests SET state = 'used', released_escrow_id = ?, released_key_hash = ? WHERE request_id = ? AND state = 'approved' AND attempts_left > 0",
          [effect.escrowId, effect.keyHash, effect.requestId],
        ),
      );
    case 'supersede-certificate':
      // Not strict: a certificate revoked meanwhile stays revoked (either way it never signs again).
      await tx.run("UPDATE ca_certificates SET status = 'superseded' WHERE serial = ? AND status IN ('issued', 'confirmed')", [effect.serial]);
      return;
  }
}

/** Far more renewals than a token sees in its life; bounds the walk over a corrupted or cyclic history. */
const MAX_RENEWALS = 64;

/** True when the key serial is unbound, or bound to `certSerial` or a certificate it renews by a chain of kur. */
async function boundToLineage(tx: SqlExecutor, keySerial: string, certSerial: string): Promise<boolean> {
  const bound = await tx.all('SELECT cert_serial FROM ca_escrow_bindings WHERE key_serial = ?', [keySerial]);
  if (!bound[0]) return true;
  const ancestor = str(bound[0].cert_serial);
  let current: string | null = certSerial;
  for (let step = 0; current !== null && step <= MAX_RENEWALS; step++) {
    if (current === ancestor) return true;
    const rows: SqlRow[] = await tx.all(
      "SELECT t.old_serial FROM ca_certificates c JOIN ca_transactions t ON t.transaction_id = c.transaction_id WHERE c.serial = ? AND t.kind = 'kur'",
      [current],
    );
    current = rows[0] && rows[0].old_serial !== null ? str(rows[0].old_serial) : null;
  }
  return false;
}

const CERT_COLUMNS = 'serial, transaction_id, subject, der, not_before, not_after, status, profile, created_at';

async function insertCertificate(db: SqlExecutor, c: CertificateRecord): Promise<void> {
  await db.run(`INSERT INTO ca_certificates (${CERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    c.serial, c.transactionId, c.subject, c.der, c.notBefore, c.notAfter, c.status, c.profile, c.createdAt,
  ]);
}

export class SqlCaRepository implements CaRepository {
  constructor(private readonly db: SqlDriver) {}

  async migrate(): Promise<void> {
    const statements = schemaStatements(this.db.dialect);
    // Tables first, then the columns later releases added, then the indexes that may use them.
    for (const statement of statements.filter((s) => s.startsWith('CREATE TABLE'))) await this.db.run(statement);
    for (const added of addedColumns(this.db.dialect)) {
      const present = this.db.dialect === 'sqlite'
        ? (await this.db.all(`SELECT name FROM pragma_table_info('${added.table}') WHERE name = ?`, [added.column])).length > 0
        : (await this.db.all('SELECT column_name FROM information_schema.columns WHERE table_name = ? AND column_name = ?', [added.table, added.column])).length > 0;
      if (!present) await this.db.run(`ALTER TABLE ${added.table} ADD COLUMN ${added.column} ${added.type}`).catch((error: unknown) => {
        // Another instance added it between our look and our ALTER.
        if (!/duplicate column|already exists/i.test(String(error))) throw error;
      });
    }
    // Duplicates written before the unique indexes existed would make their creation fail (resolved, not refused).
    await this.db.transaction(async (tx) => {
      for (const statement of duplicateResolutionStatements) await tx.run(statement);
    });
    for (const statement of statements.filter((s) => !s.startsWith('CREATE TABLE'))) await this.db.run(statement);
  }

  async findExchange(transactionId: string, requestHash: string): Promise<Uint8Array | null> {
    const rows = await this.db.all('SELECT response FROM ca_exchanges WHERE transaction_id = ? AND request_hash = ?', [transactionId, requestHash]);
    return rows[0] ? bytes(rows[0].response) : null;
  }

  async findTransaction(transactionId: string): Promise<TransactionRecord | null> {
    const rows = await this.db.all('SELECT * FROM ca_transactions WHERE transaction_id = ?', [transactionId]);
    return rows[0] ? toTransaction(rows[0]) : null;
  }

  async commitExchange(commit: ExchangeCommit): Promise<CommitResult> {
    try {
      return await this.commitOnce(commit);
    } catch (error) {
      // A concurrent twin inserted the same transaction or exchange first, or an effect's precondition changed:
      // the caller reads again.
      if (error instanceof StaleEffect || this.db.isUniqueViolation(error)) return { kind: 'stale' };
      throw error;
    }
  }

  private commitOnce(commit: ExchangeCommit): Promise<CommitResult> {
    const t = commit.transaction;
    return this.db.transaction(async (tx): Promise<CommitResult> => {
      const previous = await tx.all('SELECT response FROM ca_exchanges WHERE transaction_id = ? AND request_hash = ?', [t.transactionId, commit.requestHash]);
      if (previous[0]) return { kind: 'replay', response: bytes(previous[0].response) };
      if (commit.isNew) {
        const existing = await tx.all('SELECT initial_hash FROM ca_transactions WHERE transaction_id = ?', [t.transactionId]);
        if (existing[0]) return existing[0].initial_hash === t.initialHash ? { kind: 'stale' } : { kind: 'conflict' };
        await tx.run(
          `INSERT INTO ca_transactions (transaction_id, kind, initial_hash, profile, state, subject, public_key, old_serial,
             cert_req_id, ready_at, last_server_nonce, created_at, updated_at, version, requester, confirm_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
          [t.transactionId, t.kind, t.initialHash, t.profile, t.state, t.subject, t.publicKey, t.oldSerial, t.certReqId, t.readyAt, t.lastServerNonce, t.createdAt, t.updatedAt, t.requester ?? null, t.confirmBy ?? null],
        );
      } else {
        const changed = await tx.run(
          `UPDATE ca_transactions SET state = ?, ready_at = ?, last_server_nonce = ?, updated_at = ?, confirm_by = ?, version = version + 1
             WHERE transaction_id = ? AND version = ?`,
          [t.state, t.readyAt, t.lastServerNonce, t.updatedAt, t.confirmBy ?? null, t.transactionId, t.version],
        );
        if (changed !== 1) return { kind: 'stale' };
      }
      if (commit.issued) await insertCertificate(tx, commit.issued);
      if (commit.certificateStatus) {
        await tx.run('UPDATE ca_certificates SET status = ? WHERE serial = ?', [commit.certificateStatus.status, commit.certificateStatus.serial]);
      }
      for (const effect of commit.effects ?? []) await applyEffect(tx, effect);
      await tx.run('INSERT INTO ca_exchanges (transaction_id, request_hash, request, response, created_at) VALUES (?, ?, ?, ?, ?)', [
        t.transactionId, commit.requestHash, commit.request, commit.response, t.updatedAt,
      ]);
      return { kind: 'stored' };
    });
  }

  async insertCertificate(record: CertificateRecord): Promise<void> {
    await this.db.transaction((tx) => insertCertificate(tx, record));
  }

  async findCertificate(serial: string): Promise<CertificateRecord | null> {
    const rows = await this.db.all(`SELECT ${CERT_COLUMNS} FROM ca_certificates WHERE serial = ?`, [serial]);
    return rows[0] ? toCertificate(rows[0]) : null;
  }

  async findCertificateOfTransaction(transactionId: string): Promise<CertificateRecord | null> {
    const rows = await this.db.all(`SELECT ${CERT_COLUMNS} FROM ca_certificates WHERE transaction_id = ?`, [transactionId]);
    return rows[0] ? toCertificate(rows[0]) : null;
  }

  async listCertificates(): Promise<CertificateRecord[]> {
    return (await this.db.all(`SELECT ${CERT_COLUMNS} FROM ca_certificates ORDER BY created_at, serial`)).map(toCertificate);
  }

  async listTransactions(): Promise<TransactionRecord[]> {
    return (await this.db.all('SELECT * FROM ca_transactions ORDER BY created_at, transaction_id')).map(toTransaction);
  }

  async putEscrow(r: EscrowRecord): Promise<void> {
    await this.db.transaction((tx) => applyEffect(tx, { kind: 'put-escrow', record: r }));
  }

  async commitEscrow(escrowId: string, keySerial: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const pending = await tx.all("SELECT escrow_id FROM ca_puk_escrow WHERE escrow_id = ? AND key_serial = ? AND state = 'pending'", [escrowId, keySerial]);
      if (!pending[0]) return false;
      await tx.run("UPDATE ca_puk_escrow SET state = 'superseded' WHERE key_serial = ? AND state = 'committed'", [keySerial]);
      await tx.run("UPDATE ca_puk_escrow SET state = 'committed' WHERE escrow_id = ?", [escrowId]);
      return true;
    });
  }

  async findCommittedEscrow(keySerial: string): Promise<EscrowRecord | null> {
    const rows = await this.db.all("SELECT * FROM ca_puk_escrow WHERE key_serial = ? AND state = 'committed'", [keySerial]);
    return rows[0] ? toEscrow(rows[0]) : null;
  }

  async findEscrow(escrowId: string): Promise<EscrowRecord | null> {
    const rows = await this.db.all('SELECT * FROM ca_puk_escrow WHERE escrow_id = ?', [escrowId]);
    return rows[0] ? toEscrow(rows[0]) : null;
  }

  async findEscrowBinding(keySerial: string): Promise<string | null> {
    const rows = await this.db.all('SELECT cert_serial FROM ca_escrow_bindings WHERE key_serial = ?', [keySerial]);
    return rows[0] ? str(rows[0].cert_serial) : null;
  }

  async findRenewedSerial(serial: string): Promise<string | null> {
    const rows = await this.db.all(
      "SELECT t.old_serial FROM ca_certificates c JOIN ca_transactions t ON t.transaction_id = c.transaction_id WHERE c.serial = ? AND t.kind = 'kur'",
      [serial],
    );
    return rows[0] && rows[0].old_serial !== null ? str(rows[0].old_serial) : null;
  }

  async countOpenUnlockRequests(keySerial: string): Promise<number> {
    const rows = await this.db.all("SELECT COUNT(*) AS n FROM ca_unlock_requests WHERE key_serial = ? AND state IN ('filed', 'approved')", [keySerial]);
    return num(rows[0]?.n);
  }

  async putEnrollment(r: EnrollmentRecord): Promise<void> {
    await this.db.transaction((tx) =>
      tx.run(
        'INSERT INTO ca_enrollments (reference, subject, subject_text, sealed_secret, expires_at, state, transaction_id, created_at, key_serial) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [r.reference, r.subject, r.subjectText, r.sealedSecret, r.expiresAt, r.state, r.transactionId, r.createdAt, r.keySerial ?? null],
      ),
    );
  }

  async findEnrollment(reference: string): Promise<EnrollmentRecord | null> {
    const rows = await this.db.all('SELECT * FROM ca_enrollments WHERE reference = ?', [reference]);
    return rows[0] ? toEnrollment(rows[0]) : null;
  }

  async findEnrolledCertificates(keySerial: string): Promise<string[] | null> {
    const rows = await this.db.all(
      'SELECT c.serial FROM ca_enrollments e LEFT JOIN ca_certificates c ON c.transaction_id = e.transaction_id WHERE e.key_serial = ?',
      [keySerial],
    );
    if (rows.length === 0) return null;
    return rows.filter((r) => r.serial !== null && r.serial !== undefined).map((r) => str(r.serial));
  }

  async findOpenKeyUpdate(oldSerial: string): Promise<TransactionRecord | null> {
    const rows = await this.db.all("SELECT * FROM ca_transactions WHERE old_serial = ? AND kind = 'kur' AND state IN ('waiting', 'issued')", [oldSerial]);
    return rows[0] ? toTransaction(rows[0]) : null;
  }

  async expireUnconfirmed(now: number): Promise<string[]> {
    const due = await this.db.all("SELECT transaction_id FROM ca_transactions WHERE state = 'issued' AND confirm_by IS NOT NULL AND confirm_by < ?", [now]);
    const revoked: string[] = [];
    for (const row of due) {
      const id = str(row.transaction_id);
      const serial = await this.db.transaction(async (tx) => {
        const changed = await tx.run(
          "UPDATE ca_transactions SET state = 'expired', updated_at = ?, version = version + 1 WHERE transaction_id = ? AND state = 'issued' AND confirm_by < ?",
          [now, id, now],
        );
        if (changed !== 1) return null; // confirmed (or expired by another instance) meanwhile
        const certs = await tx.all("SELECT serial FROM ca_certificates WHERE transaction_id = ? AND status = 'issued'", [id]);
        await tx.run("UPDATE ca_certificates SET status = 'revoked' WHERE transaction_id = ? AND status = 'issued'", [id]);
        return certs[0] ? str(certs[0].serial) : null;
      });
      if (serial) revoked.push(serial);
    }
    return revoked;
  }

  async putUnlockRequest(r: UnlockRequestRecord): Promise<void> {
    await this.db.transaction((tx) =>
      tx.run(
        `INSERT INTO ca_unlock_requests (request_id, key_serial, name, phone, state, sealed_code, code_expires_at, attempts_left, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [r.requestId, r.keySerial, r.name, r.phone, r.state, r.sealedCode, r.codeExpiresAt, r.attemptsLeft, r.createdAt],
      ),
    );
  }

  async findUnlockRequest(requestId: string): Promise<UnlockRequestRecord | null> {
    const rows = await this.db.all('SELECT * FROM ca_unlock_requests WHERE request_id = ?', [requestId]);
    return rows[0] ? toUnlock(rows[0]) : null;
  }

  async listUnlockRequests(): Promise<UnlockRequestRecord[]> {
    return (await this.db.all('SELECT * FROM ca_unlock_requests ORDER BY created_at, request_id')).map(toUnlock);
  }

  async approveUnlockRequest(requestId: string, code: { sealedCode: Uint8Array; expiresAt: number; attempts: number }): Promise<boolean> {
    const changed = await this.db.transaction((tx) =>
      tx.run(
        "UPDATE ca_unlock_requests SET state = 'approved', sealed_code = ?, code_expires_at = ?, attempts_left = ? WHERE request_id = ? AND state IN ('filed', 'approved')",
        [code.sealedCode, code.expiresAt, code.attempts, requestId],
      ),
    );
    return changed === 1;
  }

  async takeUnlockAttempt(requestId: string): Promise<UnlockRequestRecord | null> {
    // One atomic UPDATE … RETURNING, so two concurrent attempts can never both spend the last try.
    const rows = await this.db.transaction((tx) =>
      tx.all(
        `UPDATE ca_unlock_requests SET attempts_left = attempts_left - 1,
           state = CASE WHEN attempts_left = 1 THEN 'locked' ELSE 'approved' END
           WHERE request_id = ? AND state = 'approved' AND attempts_left > 0 RETURNING *`,
        [requestId],
      ),
    );
    if (!rows[0]) return null;
    const after = toUnlock(rows[0]);
    return { ...after, state: 'approved', attemptsLeft: after.attemptsLeft + 1 };
  }

  async markUnlockUsed(requestId: string): Promise<boolean> {
    const changed = await this.db.transaction((tx) =>
      tx.run("UPDATE ca_unlock_requests SET state = 'used', sealed_code = NULL WHERE request_id = ? AND state IN ('approved', 'locked')", [requestId]),
    );
    return changed === 1;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
