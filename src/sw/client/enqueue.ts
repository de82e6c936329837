/**
 * Puts a request in the outbox (issue 10 §3). The write is durable before this resolves, so the caller (the
 * renewal journal) can record "queued" afterwards; calling again with the same request returns the same entry.
 */
import { CMP_CONTENT_TYPE } from '../outbox/classify';
import type { OutboxEntry } from '../outbox/entry';
import { OutboxInputError } from '../outbox/errors';
import { createEntry } from '../outbox/state-machine';
import { insertEntry } from '../outbox/store';
import { outboxDb } from './connection';
import { kickOutbox } from './kick';
import { summarize, type OutboxEntrySummary } from './summary';

/** RFC 9483 §3.1 lets a CA refuse messages whose messageTime is off by more than its window; 10 minutes is a
 * common default, a CA profile may give its own. */
export const DEFAULT_MESSAGE_WINDOW_MS = 10 * 60_000;

export interface EnqueueInput {
  /** The CA's CMP endpoint, e.g. https://ca.example/.well-known/cmp/p/default/keyupdate. */
  readonly url: string;
  /** The DER PKIMessage, exactly as it is to be sent (it is never re-encoded). */
  readonly body: Uint8Array | ArrayBuffer;
  /** The CMP transactionID (RFC 9810 §5.1.1), bytes or hex. */
  readonly transactionId: Uint8Array | string;
  /** The CA's message time window from its profile; default DEFAULT_MESSAGE_WINDOW_MS. */
  readonly messageWindowMs?: number;
  readonly contentType?: string;
  readonly now?: number;
  /** Do not tell the service worker (tests of the sender in Node). */
  readonly quiet?: boolean;
}

const MAX_BODY_BYTES = 1 << 20;

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function checkedInput(input: EnqueueInput): { url: string; body: ArrayBuffer; transactionIdHex: string; window: number } {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new OutboxInputError('url', `not a URL: ${input.url}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboxInputError('url', `not an HTTP URL: ${input.url}`);
  const source = input.body instanceof Uint8Array ? input.body : new Uint8Array(input.body);
  if (source.length === 0 || source.length > MAX_BODY_BYTES) throw new OutboxInputError('body', `body of ${source.length} bytes`);
  // A copy: later changes to the caller's buffer must never change what is sent.
  const body = source.slice().buffer;
  const transactionIdHex = typeof input.transactionId === 'string' ? input.transactionId.toLowerCase() : toHex(input.transactionId);
  if (!/^([0-9a-f]{2}){1,64}$/.test(transactionIdHex)) throw new OutboxInputError('transactionId', 'transactionId must be 1–64 bytes');
  const window = input.messageWindowMs ?? DEFAULT_MESSAGE_WINDOW_MS;
  if (!Number.isFinite(window) || window <= 0) throw new OutboxInputError('messageWindowMs', 'the window must be positive');
  return { url: url.href, body, transactionIdHex, window };
}

export async function enqueueOutbox(input: EnqueueInput): Promise<OutboxEntrySummary> {
  const checked = checkedInput(input);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', checked.body));
  const now = input.now ?? Date.now();
  const entry: OutboxEntry = createEntry({
    url: checked.url,
    body: checked.body,
    contentType: input.contentType ?? CMP_CONTENT_TYPE,
    transactionIdHex: checked.transactionIdHex,
    bodySha256Hex: toHex(digest),
    createdAt: now,
    expiresAt: now + checked.window,
  });
  const stored = await insertEntry(await outboxDb(), entry);
  if (!input.quiet) await kickOutbox('enqueued');
  return summarize(stored);
}
