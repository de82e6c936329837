/**
 * The outbox's record (issue 10 §3): one request waiting to be delivered exactly once, and, once delivered, the
 * answer that was stored for it. Plain data (structured-clone safe) so IndexedDB stores it as is.
 */

/**
 * queued → sending → answered | failed; sending → queued on a retryable outcome or a lapsed lease. Time never
 * ends an entry (issue 15 §3): a request past the CA's window is still sent and the CA judges it — it replays the
 * answer it stored, or refuses with badTime and the renewal re-signs. `expired` is only found in entries an
 * earlier version stored; the client sends those again.
 */
export type OutboxState = 'queued' | 'sending' | 'answered' | 'failed' | 'expired';

/** States an entry only leaves by the client's acknowledgement (which deletes it). */
export const TERMINAL_STATES: ReadonlySet<OutboxState> = new Set(['answered', 'failed', 'expired']);

/** The answer as the CA sent it: the body byte for byte, and the headers a CMP client needs. */
export interface StoredResponse {
  readonly status: number;
  /** Lower-case names; only content-type and retry-after are kept (RFC 9811 §3.3 needs no more). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ArrayBuffer;
  readonly receivedAt: number;
}

/** Why the last attempt did not end the entry, or why it ended as failed/expired. Codes are stable. */
export interface OutboxError {
  readonly code: 'network' | 'http-retry' | 'not-cmp' | 'http-refused' | 'too-many-attempts' | 'expired' | 'lease-lapsed';
  /** HTTP status when there was one. */
  readonly status: number | null;
  /** Technical detail (an error message, "HTTP 503"); shown under 技术详情, never a secret. */
  readonly detail: string;
  readonly at: number;
}

/** Who holds the right to fetch: one sender at a time (also across tabs and two service-worker versions). */
export interface OutboxLease {
  readonly owner: string;
  readonly until: number;
}

export interface OutboxEntry {
  /** = idempotencyKey, so enqueueing the same request twice (a journal resuming) stores it once. */
  readonly id: string;
  readonly url: string;
  readonly method: 'POST';
  readonly contentType: string;
  readonly body: ArrayBuffer;
  /** Hex transactionID (RFC 9810 §5.1.1) + ":" + hex SHA-256 of the body; sent as the Idempotency-Key header. */
  readonly idempotencyKey: string;
  readonly transactionIdHex: string;
  readonly bodySha256Hex: string;
  readonly createdAt: number;
  /** After this the CA may refuse the message (its messageTime window, RFC 9483 §3.1). The entry is still sent:
   * only the CA knows whether it already answered it. Shown to the user ("may need the UKEY to re-send"). */
  readonly expiresAt: number;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: OutboxError | null;
  readonly state: OutboxState;
  readonly lease: OutboxLease | null;
  readonly response: StoredResponse | null;
}

/** Bounds of the retry policy. All times in milliseconds. */
export interface OutboxPolicy {
  /** First retry delay; doubles per attempt (exponential backoff). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** How long one fetch may take before it is aborted. */
  readonly fetchTimeoutMs: number;
  /** How long a claim stays valid; longer than fetchTimeoutMs so a live sender never loses its lease. */
  readonly leaseMs: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = {
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  fetchTimeoutMs: 25_000,
  leaseMs: 30_000,
};
