/** CaRepository over any SqlDriver: the same statements run on SQLite and PostgreSQL. */
import type {
  CaRepository,
  EnrollmentRecord,
  CertificateRecord,
  CommitResult,
  EscrowRecord,
  ExchangeCommit,
  TransactionRecord,
  UnlockRequestRecord,
} from './repository';
import type { SqlDriver } from './sql-driver';
import { addedColumns, duplicateResolutionStatements, schemaStatements } from './schema';
import { applyEffect, CERT_COLUMNS, insertCertificate, StaleEffect } from './sql-effects';
import { bytes, num, str, toCertificate, toEnrollment, toEscrow, toTransaction, toUnlock } from './sql-rows';

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
