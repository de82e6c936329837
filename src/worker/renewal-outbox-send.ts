/**
 * The renewal's CMP transfer — the only one the app has (issue 15 §3): the journal's pending message is handed
 * to the service worker's outbox (the same bytes give the same entry, so a resumed step never queues twice), the
 * service worker delivers it exactly once, whether or not a window is open, and the stored answer is handed to
 * the state machine, which verifies it before acting. While the entry waits, the machine is told to wait; the
 * next run picks the answer up. An entry is acknowledged (deleted) once its answer is read: a crash after that
 * re-sends the same message, which the CA answers from its store byte for byte.
 *
 * Nothing the CA answered is thrown away, and nothing fails for lack of an answer: the outbox keeps a request
 * for as long as the user is offline, past the CA's message window too. A late request gets the CA's stored
 * answer (it had been processed) or a CMP error with failInfo badTime (RFC 9483 §3.1), which the state machine
 * reads and answers by re-signing the message with the token.
 */
import type { TransferResult } from '../shared/cmp';
import { acknowledgeOutbox, collectAnswers, enqueueOutbox, readOutboxEntry, type OutboxEntrySummary } from '../sw/client';

export interface OutboxSendOptions {
  /** How long one run waits for the service worker to deliver before it reports "queued" (ms). */
  readonly waitMs?: number;
  /** The CA's message time window (RFC 9483 §3.1): past it, the user is told the key may be needed again. */
  readonly messageWindowMs?: number;
  /** Node tests: do not signal a service worker. */
  readonly quiet?: boolean;
  readonly pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CMP_MEDIA_TYPE = 'application/pkixcmp';

/** Entries an earlier version ended without an answer (expired, too many attempts): the CA never answered
 * them as far as we know, so the same bytes are queued again — the CA replays or refuses them, never twice. */
function endedWithoutAnswer(entry: OutboxEntrySummary): boolean {
  return entry.state === 'expired' || (entry.state === 'failed' && entry.lastError?.code === 'too-many-attempts');
}

/** The renewal's transfer port (RenewalContext.send). */
export type RenewalSend = (url: string, der: Uint8Array, transactionIdHex: string) => Promise<TransferResult>;

export function outboxSend(options: OutboxSendOptions = {}): RenewalSend {
  return async (url, der, transactionIdHex) => {
    const put = () =>
      enqueueOutbox({
        url,
        body: der,
        transactionId: transactionIdHex,
        ...(options.messageWindowMs ? { messageWindowMs: options.messageWindowMs } : {}),
        ...(options.quiet ? { quiet: true } : {}),
      });
    let entry = await put();
    if (endedWithoutAnswer(entry)) {
      await acknowledgeOutbox(entry.id);
      entry = await put();
    }
    const deadline = Date.now() + (options.waitMs ?? 0);
    while ((entry.state === 'queued' || entry.state === 'sending') && Date.now() < deadline) {
      await sleep(options.pollMs ?? 200);
      entry = (await readOutboxEntry(entry.id)) ?? entry;
    }
    if (entry.state === 'answered') {
      const answer = (await collectAnswers()).find((a) => a.id === entry.id);
      if (answer) {
        await acknowledgeOutbox(entry.id);
        const type = (answer.contentType ?? '').split(';')[0]!.trim().toLowerCase();
        // RFC 9811 §3.3: a CA may send its (protected) CMP error with a 4xx status; the machine verifies and reads it.
        if (type === CMP_MEDIA_TYPE) return { kind: 'response', der: answer.body };
        return { kind: 'failed', status: answer.status, reason: `HTTP ${answer.status} ${type || 'without a type'}` };
      }
    }
    if (entry.state === 'failed') {
      // A refusal that is not the CA's CMP (a 4xx page): nothing reached the CA's engine.
      await acknowledgeOutbox(entry.id);
      return { kind: 'failed', status: entry.lastError?.status ?? 0, reason: entry.lastError ? `${entry.lastError.code} ${entry.lastError.detail}` : entry.state };
    }
    const retryAfterSeconds = entry.nextAttemptAt === null ? null : Math.max(0, Math.ceil((entry.nextAttemptAt - Date.now()) / 1000));
    return { kind: 'retry', status: null, retryAfterSeconds, reason: `queued in the outbox since ${new Date(entry.createdAt).toISOString()}` };
  };
}
