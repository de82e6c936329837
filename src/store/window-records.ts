/**
 * Writes the dashboard asks for (through the worker's records service, issue 17 §4), each in ONE transaction so
 * a crash or a second window never sees half of it: a fresh read of a key (its corrupt leftovers deleted, the
 * certificate-only records of the same key merged into it, issue 16 §1), a key recorded by its certificates,
 * and forgetting a key.
 */
import type { IDBPTransaction } from 'idb';
import type { UKeyDb, UKeyDbSchema } from './db';
import { certificateOnlyRecords, sameKeyRecords, type RecordedCertificate } from './certificate-only-keys';
import type { CertificateRecord, CorruptRecordNotice, TokenRecord } from './records';
import { isCertificateRecord, isTokenRecord } from './validate';

export interface SavedRead {
  /** The record as stored: the read's, with the label and notes of the certificate-only keys merged in. */
  readonly record: TokenRecord;
  /** Ids of the certificate-only keys that were this key and are now gone. */
  readonly merged: string[];
}

type Tx = IDBPTransaction<UKeyDbSchema, ('tokens' | 'certificates')[], 'readwrite'>;

async function deleteTokenIn(tx: Tx, tokenId: string): Promise<void> {
  const certificates = tx.objectStore('certificates');
  for (const key of await certificates.index('byToken').getAllKeys(tokenId)) await certificates.delete(key);
  await tx.objectStore('tokens').delete(tokenId);
}

/** Forgets one key: its record and cached certificates (sign-in history stays: the worker's record of what happened). */
export async function deleteToken(db: UKeyDb, tokenId: string): Promise<void> {
  const tx = db.transaction(['tokens', 'certificates'], 'readwrite');
  await deleteTokenIn(tx, tokenId);
  await tx.done;
}

/** Stores a fresh read of a key; see the file comment for what else happens in the same transaction. */
export async function saveTokenRead(db: UKeyDb, read: TokenRecord, certificates: readonly CertificateRecord[], repaired: readonly CorruptRecordNotice[]): Promise<SavedRead> {
  const tx = db.transaction(['tokens', 'certificates'], 'readwrite');
  for (const notice of repaired) {
    if (notice.store !== 'tokens' && notice.store !== 'certificates') continue;
    const store = tx.objectStore(notice.store);
    const value: unknown = await store.get(notice.rawKey as never);
    const stillBad = notice.store === 'tokens' ? !isTokenRecord(value) : !isCertificateRecord(value);
    if (value !== undefined && stillBad) await store.delete(notice.rawKey as never);
  }
  const candidates: { record: TokenRecord; certificates: CertificateRecord[] }[] = [];
  for (const value of (await tx.objectStore('tokens').getAll()) as unknown[]) {
    if (!isTokenRecord(value) || value.id === read.id || value.transport !== 'certificate-only') continue;
    const certs = ((await tx.objectStore('certificates').index('byToken').getAll(value.id)) as unknown[]).filter(isCertificateRecord);
    candidates.push({ record: value, certificates: certs });
  }
  const fingerprints = certificates.flatMap((c) => (c.report ? [c.report.fingerprints.sha256] : []));
  const merged = sameKeyRecords(fingerprints, candidates);
  let record = read;
  for (const id of merged) {
    const old = candidates.find((c) => c.record.id === id)!.record;
    const notes = [record.notes ?? '', old.notes ?? ''].filter((n) => n !== '').join('\n');
    record = { ...record, label: record.label || old.label, ...(notes !== '' ? { notes } : {}) };
    await deleteTokenIn(tx, id);
  }
  const certStore = tx.objectStore('certificates');
  for (const key of await certStore.index('byToken').getAllKeys(read.id)) await certStore.delete(key);
  for (const c of certificates) await certStore.put(c);
  await tx.objectStore('tokens').put(record);
  await tx.done;
  return { record, merged };
}

/** Records a key known only by its certificates (issue 16 §1); the same file twice gives the same key id. */
export async function addCertificateOnlyKey(db: UKeyDb, certs: readonly RecordedCertificate[], now: string): Promise<{ record: TokenRecord; certificates: CertificateRecord[] }> {
  const made = certificateOnlyRecords(certs, now);
  const tx = db.transaction(['tokens', 'certificates'], 'readwrite');
  await deleteTokenIn(tx, made.record.id);
  await tx.objectStore('tokens').put(made.record);
  for (const c of made.certificates) await tx.objectStore('certificates').put(c);
  await tx.done;
  return made;
}
