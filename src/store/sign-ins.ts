import type { UKeyDb } from './db';
import type { SignInRecord } from './records';

/** Keeps at most this many sign-ins per key: a history for the user, not an audit log. */
export const SIGN_IN_HISTORY_LIMIT = 50;

const isSignInRecord = (v: unknown): v is SignInRecord => {
  const r = v as Partial<SignInRecord> | null;
  return (
    typeof r === 'object' && r !== null &&
    typeof r.tokenId === 'string' && typeof r.origin === 'string' && typeof r.certSha256 === 'string' &&
    typeof r.at === 'string' && !Number.isNaN(Date.parse(r.at))
  );
};

/** Adds one sign-in and drops the oldest beyond the limit, in one transaction. */
export async function addSignIn(db: UKeyDb, record: Omit<SignInRecord, 'id'>): Promise<void> {
  const tx = db.transaction('signIns', 'readwrite');
  await tx.store.add(record as SignInRecord);
  const keys = await tx.store.index('byToken').getAllKeys(record.tokenId);
  for (const key of keys.slice(0, Math.max(0, keys.length - SIGN_IN_HISTORY_LIMIT))) await tx.store.delete(key);
  await tx.done;
}

/** A key's sign-ins, newest first; a damaged record is skipped. */
export async function listSignIns(db: UKeyDb, tokenId: string): Promise<SignInRecord[]> {
  const all: unknown[] = await db.getAllFromIndex('signIns', 'byToken', tokenId);
  return all.filter(isSignInRecord).sort((a, b) => b.at.localeCompare(a.at));
}

/** Deletes one key's sign-ins (the user let the key go: leaving the demo). */
export async function deleteSignIns(db: UKeyDb, tokenId: string): Promise<void> {
  const tx = db.transaction('signIns', 'readwrite');
  for (const key of await tx.store.index('byToken').getAllKeys(tokenId)) await tx.store.delete(key);
  await tx.done;
}
