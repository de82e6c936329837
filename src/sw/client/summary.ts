/** What the app shows about an outbox entry (issue 10 §3 "what is queued and since when"): no body, no answer. */
import type { OutboxEntry, OutboxError, OutboxState } from '../outbox/entry';

export interface OutboxEntrySummary {
  readonly id: string;
  readonly url: string;
  readonly transactionIdHex: string;
  readonly state: OutboxState;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly attempts: number;
  /** When the next attempt is planned (meaningful while queued). */
  readonly nextAttemptAt: number | null;
  readonly lastError: OutboxError | null;
  /** HTTP status of the stored answer once answered. */
  readonly answerStatus: number | null;
  /** When the answer was stored; later than expiresAt: the CA may have refused it as late (RFC 9483 §3.1). */
  readonly answeredAt: number | null;
}

export function summarize(entry: OutboxEntry): OutboxEntrySummary {
  return {
    id: entry.id,
    url: entry.url,
    transactionIdHex: entry.transactionIdHex,
    state: entry.state,
    createdAt: entry.createdAt,
    expiresAt: entry.expiresAt,
    attempts: entry.attempts,
    nextAttemptAt: entry.state === 'queued' ? entry.nextAttemptAt : null,
    lastError: entry.lastError,
    answerStatus: entry.response?.status ?? null,
    answeredAt: entry.response?.receivedAt ?? null,
  };
}
