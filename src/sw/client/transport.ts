/**
 * How the client reaches the outbox's owner. In the browser: a same-origin POST the service worker answers
 * (handoff.ts) — from a window or the driver worker alike, since both are service-worker clients. In Node tests,
 * where there is no service worker, `useOutboxFactory` runs the service worker's own handler in-process on a
 * fake IndexedDB: the same code, without the fetch hop.
 */
import { acceptEntry, type EnqueueInput } from '../outbox/accept';
import { OutboxConflictError, OutboxInputError } from '../outbox/errors';
import { OUTBOX_HEADERS, OUTBOX_MARK, OUTBOX_PATHS, type AcknowledgeReply, type EnqueueReply } from '../outbox/handoff';
import { removeAcknowledged } from '../outbox/store';
import { outboxDb, usesFactory } from './connection';
import { OutboxUnavailableError } from './errors';
import { summarize, type OutboxEntrySummary } from './summary';

/** The app's base URL (the service worker's scope): Vite's BASE_URL under a build, the origin's root otherwise. */
function scopeUrl(): string {
  const base = typeof import.meta.env === 'object' ? import.meta.env.BASE_URL : '/';
  return new URL(base, globalThis.location.origin).href;
}

async function post(path: string, body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(new URL(path, scopeUrl()), { method: 'POST', body, headers, cache: 'no-store', credentials: 'same-origin' });
  if (response.headers.get(OUTBOX_MARK) !== '1') {
    await response.body?.cancel();
    throw new OutboxUnavailableError(response.status);
  }
  return response;
}

function refusal(reply: Extract<EnqueueReply, { refused: unknown }>): Error {
  const r = reply.refused;
  return r.name === 'OutboxConflictError' ? new OutboxConflictError(r.transactionIdHex ?? '') : new OutboxInputError(r.field ?? '', r.message);
}

export async function handOver(input: EnqueueInput): Promise<OutboxEntrySummary> {
  if (usesFactory()) return summarize(await acceptEntry(await outboxDb(), input));
  const body = input.body instanceof Uint8Array ? input.body.slice() : input.body.slice(0);
  const transactionId = typeof input.transactionId === 'string' ? input.transactionId : Array.from(input.transactionId, (b) => b.toString(16).padStart(2, '0')).join('');
  const response = await post(OUTBOX_PATHS.enqueue, body, {
    [OUTBOX_HEADERS.url]: input.url,
    [OUTBOX_HEADERS.transaction]: transactionId,
    ...(input.messageWindowMs !== undefined ? { [OUTBOX_HEADERS.windowMs]: String(input.messageWindowMs) } : {}),
    ...(input.contentType ? { [OUTBOX_HEADERS.contentType]: input.contentType } : {}),
  });
  const reply = (await response.json()) as EnqueueReply;
  if ('refused' in reply) throw refusal(reply);
  return reply.entry;
}

export async function handBack(id: string): Promise<boolean> {
  if (usesFactory()) return removeAcknowledged(await outboxDb(), id);
  return ((await (await post(OUTBOX_PATHS.acknowledge, id)).json()) as AcknowledgeReply).removed;
}
