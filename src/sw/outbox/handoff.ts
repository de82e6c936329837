/**
 * How a client hands a request to the service worker (code review §4: the page wrote the service worker's
 * database; now only the service worker does). A same-origin POST that the service worker answers itself: a
 * fetch from a controlled window or dedicated worker reaches the service worker even when it was stopped
 * (Service Workers §4.6 "Handle Fetch" starts it), which a BroadcastChannel message would not. The body is the DER
 * request as is; what it is for travels in headers. Every answer carries OUTBOX_MARK, so a client can tell the
 * service worker's answer from a server's (a page the service worker does not control yet).
 */
import { summarize, type OutboxEntrySummary } from '../client/summary';
import type { OutboxDb } from './db';
import { acceptEntry } from './accept';
import { OutboxConflictError, OutboxInputError } from './errors';
import { removeAcknowledged } from './store';

/** Paths under the service worker's scope. */
export const OUTBOX_PATHS = { enqueue: '__outbox/enqueue', acknowledge: '__outbox/ack' } as const;
export const OUTBOX_MARK = 'x-ukey-outbox';
export const OUTBOX_HEADERS = {
  url: 'x-outbox-url',
  transaction: 'x-outbox-transaction',
  windowMs: 'x-outbox-window-ms',
  contentType: 'x-outbox-content-type',
} as const;

/** The error of a refused hand-over, as plain data (the client rebuilds the typed error). */
export interface OutboxRefusal {
  readonly name: 'OutboxConflictError' | 'OutboxInputError';
  readonly message: string;
  readonly field?: string;
  readonly transactionIdHex?: string;
}

export type EnqueueReply = { readonly entry: OutboxEntrySummary } | { readonly refused: OutboxRefusal };
export interface AcknowledgeReply {
  readonly removed: boolean;
}

function json(status: number, value: EnqueueReply | AcknowledgeReply): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', [OUTBOX_MARK]: '1' } });
}

/** Which hand-over `request` is, if any (`scope` = the service worker registration's scope URL). */
export function outboxRoute(request: Request, scope: string): 'enqueue' | 'acknowledge' | null {
  if (request.method !== 'POST') return null;
  const url = new URL(request.url);
  for (const route of ['enqueue', 'acknowledge'] as const) {
    const expected = new URL(OUTBOX_PATHS[route], scope);
    if (url.origin === expected.origin && url.pathname === expected.pathname) return route;
  }
  return null;
}

/** The service worker's answer to a hand-over: the entry is on disk (durable) before the answer leaves. */
export async function answerOutboxRequest(route: 'enqueue' | 'acknowledge', request: Request, db: OutboxDb): Promise<Response> {
  if (route === 'acknowledge') return json(200, { removed: await removeAcknowledged(db, (await request.text()).trim()) });
  const window = request.headers.get(OUTBOX_HEADERS.windowMs);
  const contentType = request.headers.get(OUTBOX_HEADERS.contentType);
  try {
    const entry = await acceptEntry(db, {
      url: request.headers.get(OUTBOX_HEADERS.url) ?? '',
      body: await request.arrayBuffer(),
      transactionId: request.headers.get(OUTBOX_HEADERS.transaction) ?? '',
      ...(window ? { messageWindowMs: Number(window) } : {}),
      ...(contentType ? { contentType } : {}),
    });
    return json(200, { entry: summarize(entry) });
  } catch (error) {
    if (error instanceof OutboxConflictError) {
      return json(409, { refused: { name: error.name, message: error.message, transactionIdHex: error.transactionIdHex } });
    }
    if (error instanceof OutboxInputError) return json(400, { refused: { name: error.name, message: error.message, field: error.field } });
    throw error;
  }
}
