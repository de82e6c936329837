/**
 * Reading the outbox from the app: the list to show, the answers to collect (read-only transactions), and the
 * acknowledgement that lets an entry go, which the service worker carries out (issue 10 §3: an entry leaves only
 * after its answer is stored AND the client has taken it).
 */
import { getEntry, listEntries } from '../outbox/store';
import { outboxDb } from './connection';
import { summarize, type OutboxEntrySummary } from './summary';
import { handBack } from './transport';

/** Every entry, oldest first: state, since when, attempts, last error, next attempt. */
export async function describeOutbox(): Promise<OutboxEntrySummary[]> {
  return (await listEntries(await outboxDb())).map(summarize);
}

export interface OutboxAnswer {
  readonly id: string;
  readonly transactionIdHex: string;
  /** The request as sent (the journal may keep only the outbox id). */
  readonly request: Uint8Array;
  readonly status: number;
  readonly contentType: string | null;
  /** The CA's answer byte for byte: a CMP message (possibly a protected error) for the client to verify. */
  readonly body: Uint8Array;
  readonly receivedAt: number;
}

/** Answered entries not yet acknowledged. Reading does not remove them: call acknowledgeOutbox after acting. */
export async function collectAnswers(): Promise<OutboxAnswer[]> {
  const answers: OutboxAnswer[] = [];
  for (const entry of await listEntries(await outboxDb())) {
    if (entry.state !== 'answered' || !entry.response) continue;
    answers.push({
      id: entry.id,
      transactionIdHex: entry.transactionIdHex,
      request: new Uint8Array(entry.body),
      status: entry.response.status,
      contentType: entry.response.headers['content-type'] ?? null,
      body: new Uint8Array(entry.response.body),
      receivedAt: entry.response.receivedAt,
    });
  }
  return answers;
}

export async function readOutboxEntry(id: string): Promise<OutboxEntrySummary | null> {
  const entry = await getEntry(await outboxDb(), id);
  return entry ? summarize(entry) : null;
}

/**
 * The caller has stored what it needed (the answer in its journal, or the failure shown): the entry is deleted.
 * Resolves false, and keeps the entry, while it is still queued or sending.
 */
export async function acknowledgeOutbox(id: string): Promise<boolean> {
  return handBack(id);
}
