/** Rows of the CA's SQL tables → repository records; the same mapping for SQLite and PostgreSQL values. */
import type { CertificateRecord, CertificateStatus, EnrollmentRecord, EnrollmentState, EscrowRecord, EscrowState, TransactionRecord, TransactionState, UnlockRequestRecord, UnlockState } from './repository';
import type { SqlRow, SqlValue } from './sql-driver';

export const str = (v: SqlValue | undefined): string => String(v ?? '');
export const num = (v: SqlValue | undefined): number => Number(v ?? 0);
const optNum = (v: SqlValue | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const optBytes = (v: SqlValue | undefined): Uint8Array | null => (v instanceof Uint8Array ? v : null);
export const bytes = (v: SqlValue | undefined): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array());

export function toTransaction(r: SqlRow): TransactionRecord {
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

export function toEnrollment(r: SqlRow): EnrollmentRecord {
  return {
    reference: str(r.reference), subject: bytes(r.subject), subjectText: str(r.subject_text), sealedSecret: bytes(r.sealed_secret),
    expiresAt: num(r.expires_at), state: str(r.state) as EnrollmentState, transactionId: r.transaction_id === null ? null : str(r.transaction_id),
    createdAt: num(r.created_at), keySerial: r.key_serial === null || r.key_serial === undefined ? null : str(r.key_serial),
  };
}

export function toCertificate(r: SqlRow): CertificateRecord {
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

export function toEscrow(r: SqlRow): EscrowRecord {
  return {
    escrowId: str(r.escrow_id), keySerial: str(r.key_serial), sealedPuk: bytes(r.sealed_puk), state: str(r.state) as EscrowState,
    createdAt: num(r.created_at), certSerial: r.cert_serial === null || r.cert_serial === undefined ? null : str(r.cert_serial),
  };
}

export function toUnlock(r: SqlRow): UnlockRequestRecord {
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
