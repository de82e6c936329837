/** The conditional writes a CA commit carries (CommitEffect), applied inside its SQL transaction. */
import type { CertificateRecord, CommitEffect } from './repository';
import type { SqlExecutor, SqlRow } from './sql-driver';
import { str } from './sql-rows';

/** Thrown inside a commit when a conditional effect finds the state changed: rolls back, reported `stale`. */
export class StaleEffect extends Error {
  override readonly name = 'StaleEffect';
}

/** Applies one effect inside the commit's transaction; a changed precondition throws StaleEffect. */
export async function applyEffect(tx: SqlExecutor, effect: CommitEffect): Promise<void> {
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

export const CERT_COLUMNS = 'serial, transaction_id, subject, der, not_before, not_after, status, profile, created_at';

export async function insertCertificate(db: SqlExecutor, c: CertificateRecord): Promise<void> {
  await db.run(`INSERT INTO ca_certificates (${CERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    c.serial, c.transactionId, c.subject, c.der, c.notBefore, c.notAfter, c.status, c.profile, c.createdAt,
  ]);
}
