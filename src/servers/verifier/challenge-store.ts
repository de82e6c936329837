/**
 * Challenges a portal issued, bound to the session that asked, consumed once (issue 9 §4). The store does the
 * consume atomically — check session, mark used, report expiry — so two parallel verifies of one challenge
 * cannot both win (WebAuthn L3 §13.4.3: challenges are single use). A used challenge stays as a tombstone
 * until well after expiry so that a replay says "reused", not "unknown".
 */
import { bytesToBase64Url, CHALLENGE_MAX_BYTES, CHALLENGE_MIN_BYTES } from '../../shared/signin';
import { ChallengeStoreFullError, VerifierConfigError } from './errors';

export interface ChallengeRecord {
  readonly sessionId: string;
  /** Epoch milliseconds after which the challenge is refused. */
  readonly expiresAt: number;
}

export type ConsumeOutcome = 'ok' | 'unknown' | 'reused' | 'expired' | 'session-mismatch';

export interface ChallengeStore {
  /** Stores a fresh challenge; `keepMs` is how long the entry (and later its tombstone) may live. */
  save(challenge: string, record: ChallengeRecord, keepMs: number): Promise<void>;
  /**
   * Atomically: unknown → 'unknown'; used → 'reused'; issued to another session → 'session-mismatch' (left
   * untouched, so a stranger cannot burn it); otherwise mark used and answer 'expired' or 'ok'.
   */
  consume(challenge: string, sessionId: string, nowMs: number): Promise<ConsumeOutcome>;
}

/** How long a tombstone outlives the challenge's expiry. */
export const TOMBSTONE_MS = 10 * 60_000;
export const DEFAULT_CHALLENGE_TTL_MS = 120_000;
export const DEFAULT_CHALLENGE_BYTES = 32;

type MemoryEntry = { readonly record: ChallengeRecord; used: boolean; readonly dropAt: number };

/** Default cap: ~670 B an entry (review M5) makes 100,000 entries ≈ 70 MB, ~140 challenges/s sustained. */
export const DEFAULT_MAX_CHALLENGES = 100_000;

export interface MemoryChallengeStoreOptions {
  /** Entries held at most, tombstones included; over it `save` throws ChallengeStoreFullError. */
  readonly maxEntries?: number;
}

/**
 * One process. Single-threaded JavaScript makes consume atomic: no await between check and mark.
 *
 * Expiry is amortised O(1): a Map iterates in insertion order, and with one lifetime per portal entries fall due
 * in that order too, so each save drops the due entries at the head and stops at the first live one — every entry
 * is visited once when it goes. (An entry saved with a longer lifetime holds later ones behind it until it goes;
 * consume checks each entry's own dropAt, so that only delays when memory comes back.)
 */
export class MemoryChallengeStore implements ChallengeStore {
  private readonly entries = new Map<string, MemoryEntry>();
  readonly maxEntries: number;

  constructor(options: MemoryChallengeStoreOptions = {}) {
    const max = options.maxEntries ?? DEFAULT_MAX_CHALLENGES;
    if (!Number.isSafeInteger(max) || max < 1) throw new VerifierConfigError('maxEntries must be a positive integer');
    this.maxEntries = max;
  }

  async save(challenge: string, record: ChallengeRecord, keepMs: number): Promise<void> {
    const now = Date.now();
    this.dropDue(now);
    if (this.entries.size >= this.maxEntries && !this.entries.has(challenge)) throw new ChallengeStoreFullError(this.maxEntries);
    this.entries.set(challenge, { record, used: false, dropAt: now + keepMs + TOMBSTONE_MS });
  }

  async consume(challenge: string, sessionId: string, nowMs: number): Promise<ConsumeOutcome> {
    const entry = this.entries.get(challenge);
    if (!entry || entry.dropAt < Date.now()) return 'unknown';
    if (entry.used) return 'reused';
    if (entry.record.sessionId !== sessionId) return 'session-mismatch';
    entry.used = true;
    return nowMs > entry.record.expiresAt ? 'expired' : 'ok';
  }

  /** Entries held, tombstones included (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  private dropDue(now: number): void {
    for (const [challenge, entry] of this.entries) {
      if (entry.dropAt >= now) return;
      this.entries.delete(challenge);
    }
  }
}

export interface IssueChallengeOptions {
  readonly sessionId: string;
  readonly ttlMs?: number;
  /** Random bytes, 16–64 (issue 9 §1); default 32. */
  readonly bytes?: number;
  readonly now?: Date;
}

export interface IssuedChallenge {
  /** base64url, to send to the page. */
  readonly challenge: string;
  readonly expiresAt: number;
}

export async function issueChallenge(store: ChallengeStore, options: IssueChallengeOptions): Promise<IssuedChallenge> {
  const bytes = options.bytes ?? DEFAULT_CHALLENGE_BYTES;
  const ttlMs = options.ttlMs ?? DEFAULT_CHALLENGE_TTL_MS;
  if (!Number.isInteger(bytes) || bytes < CHALLENGE_MIN_BYTES || bytes > CHALLENGE_MAX_BYTES) {
    throw new VerifierConfigError(`challenge size must be ${CHALLENGE_MIN_BYTES}–${CHALLENGE_MAX_BYTES} bytes`);
  }
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new VerifierConfigError('challenge lifetime must be positive');
  if (typeof options.sessionId !== 'string' || options.sessionId.length === 0) {
    throw new VerifierConfigError('a challenge must be bound to a non-empty session id');
  }
  const challenge = bytesToBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
  const expiresAt = (options.now ?? new Date()).getTime() + ttlMs;
  await store.save(challenge, { sessionId: options.sessionId, expiresAt }, ttlMs);
  return { challenge, expiresAt };
}
