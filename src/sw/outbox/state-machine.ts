/**
 * The outbox's pure state machine (issue 10 §3). Every database write is one of these functions applied inside
 * one IndexedDB transaction, so the rules live here and are property-tested without a browser.
 *
 *   queued ──claim──▶ sending ──answer stored──▶ answered ──ack──▶ (deleted)
 *     ▲                 │  └──4xx not CMP──▶ failed ──ack──▶ (deleted)
 *     └──retry/backoff──┘  (a lapsed lease = a sender that died: resent with the same body)
 * Neither time nor the number of attempts ends an entry (issue 15 §3): offline for a week, the request is still
 * there. Past the CA's message window it is still sent — the CA replays what it answered before, or refuses the
 * late message with badTime and the renewal re-signs it; deciding that here could throw away an issued answer.
 */
import { backoffMs, classifyOutcome, type AttemptOutcome } from './classify';
import { TERMINAL_STATES, type OutboxEntry, type OutboxPolicy, type StoredResponse } from './entry';

export interface NewEntryInput {
  readonly url: string;
  readonly body: ArrayBuffer;
  readonly contentType: string;
  readonly transactionIdHex: string;
  readonly bodySha256Hex: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export function idempotencyKeyOf(transactionIdHex: string, bodySha256Hex: string): string {
  return `${transactionIdHex.toLowerCase()}:${bodySha256Hex.toLowerCase()}`;
}

export function createEntry(input: NewEntryInput): OutboxEntry {
  const key = idempotencyKeyOf(input.transactionIdHex, input.bodySha256Hex);
  return {
    id: key,
    url: input.url,
    method: 'POST',
    contentType: input.contentType,
    body: input.body,
    idempotencyKey: key,
    transactionIdHex: input.transactionIdHex.toLowerCase(),
    bodySha256Hex: input.bodySha256Hex.toLowerCase(),
    createdAt: input.createdAt,
    expiresAt: input.expiresAt,
    attempts: 0,
    nextAttemptAt: input.createdAt,
    lastError: null,
    state: 'queued',
    lease: null,
    response: null,
  };
}

export function isTerminal(entry: OutboxEntry): boolean {
  return TERMINAL_STATES.has(entry.state);
}

/** A sender holds the entry right now (its fetch may be in flight). */
export function hasLiveLease(entry: OutboxEntry, now: number): boolean {
  return entry.state === 'sending' && entry.lease !== null && entry.lease.until > now;
}

export type ClaimResult =
  | { readonly kind: 'send'; readonly entry: OutboxEntry }
  /** Not due yet: try again at `at`. */
  | { readonly kind: 'wait'; readonly at: number }
  /** Another sender holds a live lease. */
  | { readonly kind: 'busy'; readonly until: number }
  | { readonly kind: 'done' };

export interface ClaimSignal {
  /** The pass was started by a connectivity signal (the page's `online` event, a Background Sync event). */
  readonly networkBack?: boolean;
}

/**
 * Takes the right to send `entry` now. A `sending` entry whose lease lapsed was being sent by a sender that died
 * (service worker killed mid-fetch): it is resent at once with the same body and idempotency key.
 */
export function claim(entry: OutboxEntry, now: number, owner: string, policy: OutboxPolicy, signal: ClaimSignal = {}): ClaimResult {
  if (isTerminal(entry)) return { kind: 'done' };
  if (hasLiveLease(entry, now)) return { kind: 'busy', until: entry.lease!.until };
  const lapsed = entry.state === 'sending';
  // The backoff after a network error guessed when the network would be back; a connectivity signal knows.
  // A server's own Retry-After is always honoured.
  const skipBackoff = signal.networkBack === true && entry.lastError?.code === 'network';
  if (!lapsed && !skipBackoff && entry.nextAttemptAt > now) return { kind: 'wait', at: entry.nextAttemptAt };
  const lastError = lapsed
    ? { code: 'lease-lapsed' as const, status: null, detail: 'the sender stopped before an answer was stored', at: now }
    : entry.lastError;
  return {
    kind: 'send',
    entry: { ...entry, state: 'sending', attempts: entry.attempts + 1, lease: { owner, until: now + policy.leaseMs }, lastError },
  };
}

function storedResponse(outcome: Extract<AttemptOutcome, { kind: 'response' }>, now: number): StoredResponse {
  const headers: Record<string, string> = {};
  const type = outcome.headers['content-type'];
  if (type !== undefined) headers['content-type'] = type;
  const retryAfter = outcome.headers['retry-after'];
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  return { status: outcome.status, headers, body: outcome.body, receivedAt: now };
}

/**
 * Applies what the attempt of `owner` gave. An answer is stored whoever sent it (the CA answers the same body
 * with the same bytes, RFC 9811 §3 + its de-duplication); anything else only counts for the lease holder, so a
 * late failure from a sender that lost its lease cannot undo a newer attempt.
 */
export function settle(
  entry: OutboxEntry,
  owner: string,
  outcome: AttemptOutcome,
  now: number,
  random: number,
  policy: OutboxPolicy,
): OutboxEntry {
  if (isTerminal(entry)) return entry;
  const verdict = classifyOutcome(outcome, now);
  if (verdict.kind === 'answer' && outcome.kind === 'response') {
    return { ...entry, state: 'answered', lease: null, response: storedResponse(outcome, now), nextAttemptAt: now };
  }
  if (entry.state !== 'sending' || entry.lease?.owner !== owner) return entry;
  if (verdict.kind === 'fail') return { ...entry, state: 'failed', lease: null, lastError: verdict.error };
  if (verdict.kind !== 'retry') return entry;
  const delay = verdict.retryAfterMs ?? backoffMs(entry.attempts, random, policy.baseDelayMs, policy.maxDelayMs);
  return { ...entry, state: 'queued', lease: null, lastError: verdict.error, nextAttemptAt: now + delay };
}

/** The client acknowledged the entry: it may be deleted only once its answer or its end is stored. */
export function canRemove(entry: OutboxEntry): boolean {
  return isTerminal(entry);
}
