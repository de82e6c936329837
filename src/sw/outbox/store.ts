/**
 * The outbox's database operations. Each one is ONE readwrite transaction over the entry that applies a pure
 * function of state-machine.ts; IndexedDB runs readwrite transactions on one store one at a time, across tabs
 * and service workers of the origin (IndexedDB 3.0 §2.7.2), so a claim is atomic and two senders never hold one
 * entry at once.
 */
import { DURABLE, type OutboxDb } from './db';
import type { OutboxEntry, OutboxPolicy } from './entry';
import type { AttemptOutcome } from './classify';
import { OutboxConflictError } from './errors';
import { canRemove, claim, isTerminal, settle, type ClaimResult, type ClaimSignal } from './state-machine';

/** Stores `entry` unless the same request is there already (then returns that one: enqueue is idempotent).
 * Refuses another message of the same transaction while an earlier one is still queued or sending. */
export async function insertEntry(db: OutboxDb, entry: OutboxEntry): Promise<OutboxEntry> {
  const tx = db.transaction('entries', 'readwrite', DURABLE);
  const existing = await tx.store.get(entry.id);
  if (existing) {
    await tx.done;
    return existing;
  }
  // CMP messages of one transaction go one after the other (RFC 9810 §5.1.1: pollReq and certConf reuse the
  // transactionID after the previous answer); another body while one is still waiting is a caller's bug.
  const sameTransaction = await tx.store.index('byTransaction').getAll(entry.transactionIdHex);
  if (sameTransaction.some((other) => other.id !== entry.id && !isTerminal(other))) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new OutboxConflictError(entry.transactionIdHex);
  }
  await tx.store.put(entry);
  await tx.done;
  return entry;
}

export async function claimEntry(
  db: OutboxDb,
  id: string,
  now: number,
  owner: string,
  policy: OutboxPolicy,
  signal: ClaimSignal = {},
): Promise<ClaimResult> {
  const tx = db.transaction('entries', 'readwrite', DURABLE);
  const entry = await tx.store.get(id);
  if (!entry) {
    await tx.done;
    return { kind: 'done' };
  }
  const result = claim(entry, now, owner, policy, signal);
  if (result.kind === 'send') await tx.store.put(result.entry);
  await tx.done;
  return result;
}

/** Durable write of the attempt's result; an answer is on disk before this resolves (then the client sees it). */
export async function settleEntry(
  db: OutboxDb,
  id: string,
  owner: string,
  outcome: AttemptOutcome,
  now: number,
  random: number,
  policy: OutboxPolicy,
): Promise<OutboxEntry | null> {
  const tx = db.transaction('entries', 'readwrite', DURABLE);
  const entry = await tx.store.get(id);
  if (!entry) {
    await tx.done;
    return null;
  }
  const next = settle(entry, owner, outcome, now, random, policy);
  if (next !== entry) await tx.store.put(next);
  await tx.done;
  return next;
}

export async function listEntries(db: OutboxDb): Promise<OutboxEntry[]> {
  const entries = await db.getAll('entries');
  return entries.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export async function getEntry(db: OutboxDb, id: string): Promise<OutboxEntry | null> {
  return (await db.get('entries', id)) ?? null;
}

/**
 * The client has read the answer (or the failure) and keeps it elsewhere: only now may the entry go. An entry
 * still queued or sending is never removed by an acknowledgement. Returns whether it was removed.
 */
export async function removeAcknowledged(db: OutboxDb, id: string): Promise<boolean> {
  const tx = db.transaction('entries', 'readwrite', DURABLE);
  const entry = await tx.store.get(id);
  const removable = entry !== undefined && canRemove(entry);
  if (removable) await tx.store.delete(id);
  await tx.done;
  return removable;
}
