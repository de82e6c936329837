/**
 * One delivery pass (issue 10 §3, issue 15 §3): for each due entry claim → fetch →
 * store the result durably → tell the clients. Runs in the service worker; also in Node for the server tests
 * (the same code against a real HTTP peer). Never drops an entry: deleting is only the client's acknowledgement.
 */
import { CMP_CONTENT_TYPE, type AttemptOutcome } from './classify';
import type { OutboxDb } from './db';
import type { OutboxEntry, OutboxPolicy } from './entry';
import { isTerminal } from './state-machine';
import { claimEntry, listEntries, settleEntry } from './store';

export interface DeliveryDeps {
  readonly db: OutboxDb;
  readonly fetch: typeof fetch;
  readonly policy: OutboxPolicy;
  /** This sender's lease name (one per service-worker instance). */
  readonly owner: string;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Called after an entry's new state is on disk. */
  readonly onChange?: (entry: OutboxEntry) => void;
  /** Started by a connectivity signal: entries waiting out a network-error backoff go now. */
  readonly networkBack?: boolean;
}

export interface DeliveryReport {
  /** Fetches made in this pass. */
  readonly sent: number;
  /** Entries still waiting for a later attempt (queued or held by another sender). */
  readonly pending: number;
  /** Earliest time something becomes due again; null when nothing waits. */
  readonly nextDueAt: number | null;
}

/** POSTs the stored body as is. The Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header §2) names
 * the retry for proxies; the CA keys on the CMP content itself (transactionID + request hash). */
export async function attemptDelivery(entry: OutboxEntry, fetcher: typeof fetch, timeoutMs: number): Promise<AttemptOutcome> {
  try {
    const response = await fetcher(entry.url, {
      method: entry.method,
      headers: { 'content-type': entry.contentType || CMP_CONTENT_TYPE, 'idempotency-key': `"${entry.idempotencyKey}"` },
      body: entry.body.slice(0),
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'retry-after']) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    // Reading the whole body is part of the attempt: a cut mid-body is a network error (RFC 9811 §3: an
    // unconfirmed exchange "MUST be assumed" undelivered), and the idempotent resend gets the stored answer.
    const body = await response.arrayBuffer();
    return { kind: 'response', status: response.status, headers, body };
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { kind: 'network', detail };
  }
}

export async function deliverDue(deps: DeliveryDeps): Promise<DeliveryReport> {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  let sent = 0;
  let pending = 0;
  let nextDueAt: number | null = null;
  const later = (at: number): void => {
    pending += 1;
    nextDueAt = nextDueAt === null ? at : Math.min(nextDueAt, at);
  };
  for (const listed of await listEntries(deps.db)) {
    if (isTerminal(listed)) continue;
    const claimed = await claimEntry(deps.db, listed.id, now(), deps.owner, deps.policy, { networkBack: deps.networkBack === true });
    if (claimed.kind === 'wait') later(claimed.at);
    else if (claimed.kind === 'busy') later(claimed.until);
    if (claimed.kind !== 'send') continue;
    deps.onChange?.(claimed.entry);
    sent += 1;
    const outcome = await attemptDelivery(claimed.entry, deps.fetch, deps.policy.fetchTimeoutMs);
    const settled = await settleEntry(deps.db, listed.id, deps.owner, outcome, now(), random(), deps.policy);
    if (!settled) continue;
    deps.onChange?.(settled);
    if (!isTerminal(settled)) later(settled.state === 'queued' ? settled.nextAttemptAt : (settled.lease?.until ?? now()));
  }
  return { sent, pending, nextDueAt };
}
