/**
 * The service worker's side of an enqueue (issue 10 §3, code review §4): the request a client hands over is
 * checked, hashed and stored durably here, by the database's owner. Clients never write the outbox database.
 */
import { CMP_CONTENT_TYPE } from './classify';
import type { OutboxDb } from './db';
import type { OutboxEntry } from './entry';
import { OutboxInputError } from './errors';
import { createEntry } from './state-machine';
import { insertEntry } from './store';

/** RFC 9483 §3.1 lets a CA refuse messages whose messageTime is off by more than its window; 10 minutes is a
 * common default, a CA profile may give its own. Past it the entry is still sent (the CA judges). */
export const DEFAULT_MESSAGE_WINDOW_MS = 10 * 60_000;

const MAX_BODY_BYTES = 1 << 20;

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
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

interface CheckedInput {
  readonly url: string;
  readonly body: ArrayBuffer;
  readonly transactionIdHex: string;
  readonly window: number;
}

function checkedInput(input: EnqueueInput): CheckedInput {
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

/** Stores the request (idempotent: the same transaction and bytes give the same entry) and returns the entry. */
export async function acceptEntry(db: OutboxDb, input: EnqueueInput): Promise<OutboxEntry> {
  const checked = checkedInput(input);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', checked.body));
  const now = input.now ?? Date.now();
  const entry = createEntry({
    url: checked.url,
    body: checked.body,
    contentType: input.contentType ?? CMP_CONTENT_TYPE,
    transactionIdHex: checked.transactionIdHex,
    bodySha256Hex: toHex(digest),
    createdAt: now,
    expiresAt: now + checked.window,
  });
  return insertEntry(db, entry);
}
