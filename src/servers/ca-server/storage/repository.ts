/**
 * The ONE storage interface of the reference CA (issue 10 §5). Two implementations share all SQL
 * (sql-repository.ts): SQLite (embedded default) and PostgreSQL (several server instances).
 *
 * Exactly once (issue 10 §3): an exchange is keyed by transactionID + SHA-256 of the request DER. A commit stores
 * the transaction's new state, the certificate it issued (at most one per transaction: UNIQUE) and the response,
 * atomically; a duplicate request gets the stored response byte for byte.
 */

/** `expired`: issued, never confirmed by the deadline, so its certificate was revoked (RFC 9810 §5.3.18). */
export type TransactionState = 'waiting' | 'issued' | 'confirmed' | 'rejected' | 'done' | 'expired';

export interface TransactionRecord {
  /** Hex of the CMP transactionID. */
  readonly transactionId: string;
  /** Body type of the first request: ir, cr, kur, p10cr, genm, … */
  readonly kind: string;
  /** Hex SHA-256 of the first request: the same ID with another first request is transactionIdInUse. */
  readonly initialHash: string;
  readonly profile: string;
  readonly state: TransactionState;
  /** DER Name and SPKI the certificate will carry (kept while waiting for delayed issuance). */
  readonly subject: Uint8Array | null;
  readonly publicKey: Uint8Array | null;
  /** Serial (hex) of the certificate being renewed, for kur. */
  readonly oldSerial: string | null;
  readonly certReqId: number;
  /** Epoch ms after which a waiting request may be issued (delayed issuance). */
  readonly readyAt: number | null;
  /** senderNonce of the CA's last response: the next request must carry it as recipNonce (RFC 9810 §5.1.1). */
  readonly lastServerNonce: Uint8Array | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Optimistic concurrency: bumped by every commit. */
  readonly version: number;
  /** Who protected the first request (`key:<hex SHA-256 of the SPKI>` or `ref:<enrollment reference>`). */
  readonly requester?: string | null;
  /** Epoch ms by which the issued certificate must be confirmed (absent: no deadline). */
  readonly confirmBy?: number | null;
}

/** `superseded`: replaced by a confirmed key update of it (RFC 5280 §5.3.1 reason superseded); never signs again. */
export type CertificateStatus = 'issued' | 'confirmed' | 'rejected' | 'revoked' | 'superseded';

export interface CertificateRecord {
  /** Lowercase hex, no leading zero bytes. */
  readonly serial: string;
  /** The issuing transaction, or null for operator-issued certificates (`ca issue`). */
  readonly transactionId: string | null;
  readonly subject: string;
  readonly der: Uint8Array;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly status: CertificateStatus;
  readonly profile: string;
  readonly createdAt: number;
}

export interface ExchangeCommit {
  /** The transaction's state after this exchange; `version` is the one read before (0 for a new transaction). */
  readonly transaction: TransactionRecord;
  readonly isNew: boolean;
  readonly requestHash: string;
  readonly request: Uint8Array;
  readonly response: Uint8Array;
  readonly issued?: CertificateRecord;
  readonly certificateStatus?: { readonly serial: string; readonly status: CertificateStatus };
  /**
   * State changes that must happen in the same database transaction as the stored response (issue 14 §2: the
   * enrollment used, the escrow stored or committed, the unlock code spent). Each is conditional; when one finds
   * the state changed meanwhile the whole commit is rolled back and reported `stale`, and the service re-reads.
   */
  readonly effects?: readonly CommitEffect[];
}

export type CommitEffect =
  | { readonly kind: 'use-enrollment'; readonly reference: string; readonly transactionId: string }
  | { readonly kind: 'put-escrow'; readonly record: EscrowRecord }
  /** pending → committed (the earlier committed one superseded) and the key serial bound to `certSerial`. */
  | { readonly kind: 'commit-escrow'; readonly escrowId: string; readonly keySerial: string; readonly certSerial: string; readonly at: number }
  /** Filed only while fewer than `cap` requests of this key serial are open (filed or approved). */
  | { readonly kind: 'file-unlock-request'; readonly record: UnlockRequestRecord; readonly cap: number }
  /**
   * approved → used, recording which escrow was released and the SHA-256 of the ephemeral key it was sealed to:
   * a repeat is answered only for that same key (review defect 4).
   */
  | { readonly kind: 'release-unlock'; readonly requestId: string; readonly escrowId: string; readonly keyHash: string }
  /** A confirmed key update retires the certificate it updated (review defect 5). */
  | { readonly kind: 'supersede-certificate'; readonly serial: string };

export type EnrollmentState = 'open' | 'used';

export interface EnrollmentRecord {
  readonly reference: string;
  /** DER Name the certificate will carry. */
  readonly subject: Uint8Array;
  readonly subjectText: string;
  /** The secret sealed to the CA's escrow key (the CA needs it to check the PBM); never stored in clear. */
  readonly sealedSecret: Uint8Array;
  readonly expiresAt: number;
  readonly state: EnrollmentState;
  readonly transactionId: string | null;
  readonly createdAt: number;
  /**
   * The token serial the RA registered with this enrollment (`ca enroll --key-serial`), if any: only the
   * certificate issued for it, or its renewal, may bind that key serial's escrow first (review defect 3).
   */
  readonly keySerial?: string | null;
}

export type CommitResult =
  | { readonly kind: 'stored' }
  /** This very request was answered before (maybe concurrently): here is that answer. */
  | { readonly kind: 'replay'; readonly response: Uint8Array }
  /** The transaction ID exists with another first request. */
  | { readonly kind: 'conflict' }
  /** Someone else advanced the transaction meanwhile: read again and redo. */
  | { readonly kind: 'stale' };

export type EscrowState = 'pending' | 'committed' | 'superseded';

export interface EscrowRecord {
  readonly escrowId: string;
  readonly keySerial: string;
  /** The PUK sealed with the CA's escrow key (AES-GCM nonce ‖ ciphertext); never the plain PUK. */
  readonly sealedPuk: Uint8Array;
  readonly state: EscrowState;
  readonly createdAt: number;
  /** Serial of the certificate that protected the escrow message (issue 14 §2). */
  readonly certSerial?: string | null;
}

export type UnlockState = 'filed' | 'approved' | 'used' | 'locked';

export interface UnlockRequestRecord {
  readonly requestId: string;
  readonly keySerial: string;
  readonly name: string;
  readonly phone: string;
  readonly state: UnlockState;
  /**
   * The one-time code sealed to the CA's escrow key (the CA needs the code itself to check the PBM of the
   * release message, RFC 9810 §5.1.3.1); never stored in clear. Cleared once used.
   */
  readonly sealedCode: Uint8Array | null;
  readonly codeExpiresAt: number | null;
  readonly attemptsLeft: number;
  readonly createdAt: number;
  /** The escrow whose PUK the code released (set when used). */
  readonly releasedEscrowId?: string | null;
  /** SHA-256 (hex) of the ephemeral key the PUK was released to (set when used). */
  readonly releasedKeyHash?: string | null;
}

export interface CaRepository {
  /**
   * For a key serial some enrollment named: the serials of the certificates issued for those enrollments (empty
   * when enrolled but not issued yet); null when no enrollment names it.
   */
  findEnrolledCertificates(keySerial: string): Promise<string[] | null>;
  migrate(): Promise<void>;
  findExchange(transactionId: string, requestHash: string): Promise<Uint8Array | null>;
  findTransaction(transactionId: string): Promise<TransactionRecord | null>;
  commitExchange(commit: ExchangeCommit): Promise<CommitResult>;
  /** Operator path (`ca issue`): a certificate outside any CMP transaction. */
  insertCertificate(record: CertificateRecord): Promise<void>;
  findCertificate(serial: string): Promise<CertificateRecord | null>;
  findCertificateOfTransaction(transactionId: string): Promise<CertificateRecord | null>;
  listCertificates(): Promise<CertificateRecord[]>;
  listTransactions(): Promise<TransactionRecord[]>;

  putEscrow(record: EscrowRecord): Promise<void>;
  /** pending → committed; any earlier committed escrow of the key becomes superseded. False if not pending. */
  commitEscrow(escrowId: string, keySerial: string): Promise<boolean>;
  findCommittedEscrow(keySerial: string): Promise<EscrowRecord | null>;
  findEscrow(escrowId: string): Promise<EscrowRecord | null>;
  /** The certificate serial a key serial's escrow is bound to, if any. */
  findEscrowBinding(keySerial: string): Promise<string | null>;
  /** For a certificate issued by kur: the serial it renewed (null for others). */
  findRenewedSerial(serial: string): Promise<string | null>;
  /** Open (filed or approved) unlock requests of a key serial. */
  countOpenUnlockRequests(keySerial: string): Promise<number>;

  putEnrollment(record: EnrollmentRecord): Promise<void>;
  findEnrollment(reference: string): Promise<EnrollmentRecord | null>;

  /** A kur of this old certificate that is waiting or issued-but-unconfirmed. */
  findOpenKeyUpdate(oldSerial: string): Promise<TransactionRecord | null>;
  /**
   * Transactions issued but unconfirmed past their deadline become `expired` and their certificates `revoked`
   * (RFC 9810 §5.3.18, RFC 9483 §4.1). Returns the revoked serials.
   */
  expireUnconfirmed(now: number): Promise<string[]>;

  putUnlockRequest(record: UnlockRequestRecord): Promise<void>;
  findUnlockRequest(requestId: string): Promise<UnlockRequestRecord | null>;
  listUnlockRequests(): Promise<UnlockRequestRecord[]>;
  /** Stores a new code for a filed/approved request. */
  approveUnlockRequest(requestId: string, code: { sealedCode: Uint8Array; expiresAt: number; attempts: number }): Promise<boolean>;
  /**
   * Atomically spends one attempt: returns the record as it was before, or null when no attempt is left or the
   * request is not approved. The caller then checks the code and calls markUnlockUsed on success.
   */
  takeUnlockAttempt(requestId: string): Promise<UnlockRequestRecord | null>;
  /** approved → used, only once. */
  markUnlockUsed(requestId: string): Promise<boolean>;

  close(): Promise<void>;
}
