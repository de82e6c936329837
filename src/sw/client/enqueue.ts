/**
 * Hands a request to the service worker's outbox (issue 10 §3). The service worker stores it durably before it
 * answers, so the caller (the renewal journal) can record "queued" afterwards; calling again with the same request
 * returns the same entry. The service worker starts a delivery pass itself; `quiet` is kept for Node tests.
 */
import type { EnqueueInput as AcceptInput } from '../outbox/accept';
import { kickOutbox } from './kick';
import type { OutboxEntrySummary } from './summary';
import { handOver } from './transport';
import { usesFactory } from './connection';

export { DEFAULT_MESSAGE_WINDOW_MS } from '../outbox/accept';

export interface EnqueueInput extends AcceptInput {
  /** Do not tell the service worker (tests of the sender in Node). */
  readonly quiet?: boolean;
}

export async function enqueueOutbox(input: EnqueueInput): Promise<OutboxEntrySummary> {
  const { quiet, ...request } = input;
  const stored = await handOver(request);
  // In the browser the service worker runs a pass on every hand-over; in Node a test drives the sender.
  if (usesFactory() && !quiet) await kickOutbox('enqueued');
  return stored;
}
