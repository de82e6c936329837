/**
 * The renewal's CMP transfer through the service worker's outbox (issue 10 §3): the journal's pending message
 * is enqueued (the same bytes give the same entry, so a resumed step never queues twice), the service worker
 * delivers it exactly once, and the stored answer is handed to the state machine, which verifies it before
 * acting. While the entry waits, the machine is told to wait; the next run (or the outbox's change signal)
 * picks the answer up. An entry is acknowledged (deleted) once its answer is read: a crash after that re-sends
 * the same message, which the CA answers from its store byte for byte.
 */
import type { TransferResult } from '../shared/cmp/client/transfer';
import { acknowledgeOutbox, collectAnswers, enqueueOutbox, readOutboxEntry } from '../sw/client';

export interface OutboxSendOptions {
  /** How long one run waits for the service worker to deliver before it reports "queued" (ms). */
  readonly waitMs?: number;
  /** The CA's message time window (RFC 9483 §3.1); a queued request older than this expires visibly. */
  readonly messageWindowMs?: number;
  /** Node tests: do not signal a service worker. */
  readonly quiet?: boolean;
  readonly pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CMP_MEDIA_TYPE = 'application/pkixcmp';

export function outboxSend(options: OutboxSendOptions = {}): (url: string, der: Uint8Array, transactionIdHex: string) => Promise<TransferResult> {
  return async (url, der, transactionIdHex) => {
    let entry = await enqueueOutbox({
      url,
      body: der,
      transactionId: transactionIdHex,
      ...(options.messageWindowMs ? { messageWindowMs: options.messageWindowMs } : {}),
      ...(options.quiet ? { quiet: true } : {}),
    });
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
        if (answer.status === 200 && type === CMP_MEDIA_TYPE) return { kind: 'response', der: answer.body };
        return { kind: 'failed', status: answer.status, reason: `HTTP ${answer.status} ${type || 'without a type'}` };
      }
    }
    if (entry.state === 'failed' || entry.state === 'expired') {
      await acknowledgeOutbox(entry.id);
      return { kind: 'failed', status: entry.answerStatus ?? 0, reason: entry.lastError ? `${entry.state}: ${entry.lastError.code} ${entry.lastError.detail}` : entry.state };
    }
    const retryAfterSeconds = entry.nextAttemptAt === null ? null : Math.max(0, Math.ceil((entry.nextAttemptAt - Date.now()) / 1000));
    return { kind: 'retry', status: null, retryAfterSeconds, reason: `queued in the outbox since ${new Date(entry.createdAt).toISOString()}` };
  };
}
