/**
 * Is a renewal of this key waiting for the CA, and why (issue 16 §2, UX walk finding 5)? The request sits in the
 * service worker's outbox, which retries it by itself; the clerk is told whether the computer is offline
 * (navigator.onLine false) or the CA cannot be reached while the computer is online (the entry's last attempt
 * failed with a network error or a 5xx/408/429 the outbox retries) — two different things to do about it.
 */
import type { OutboxEntrySummary } from '../../sw/client';
import type { RenewalStatus } from '../../worker';

export type QueuedRenewalKind = 'offline' | 'ca-unreachable' | 'waiting';

export interface QueuedRenewal {
  readonly kind: QueuedRenewalKind;
  readonly renewal: RenewalStatus;
  /** The outbox entry carrying the request, when found (its url is the renewal's CA address). */
  readonly entry: OutboxEntrySummary | null;
}

const RETRIED_ERRORS: ReadonlySet<string> = new Set(['network', 'http-retry']);

function underReview(renewal: RenewalStatus, now: number): boolean {
  return renewal.step === 'waiting' && renewal.checkAfter !== null && Date.parse(renewal.checkAfter) > now;
}

export function queuedRenewalState(renewal: RenewalStatus | null, entries: readonly OutboxEntrySummary[], online: boolean, now = Date.now()): QueuedRenewal | null {
  if (!renewal || renewal.step === 'done' || renewal.step === 'failed' || underReview(renewal, now)) return null;
  const forCa = entries.filter((e) => e.url === renewal.caUrl);
  // An answer is waiting to be installed: the card says "insert the key", not "queued".
  if (forCa.some((e) => e.state === 'answered')) return null;
  const entry = forCa.find((e) => e.state === 'queued' || e.state === 'sending') ?? null;
  if (!entry && !renewal.waiting) return null;
  if (!online) return { kind: 'offline', renewal, entry };
  if (entry?.state === 'sending') return { kind: 'waiting', renewal, entry };
  const failedToReach = entry ? entry.lastError !== null && RETRIED_ERRORS.has(entry.lastError.code) : renewal.waiting !== null;
  return { kind: failedToReach ? 'ca-unreachable' : 'waiting', renewal, entry };
}
