import type { UKeyDb } from './db';
import type { CertificateRecord, CorruptRecordNotice, CrlRecord, StoreName, TokenRecord, TrustedCaRecord } from './records';
import { isCertificateRecord, isCrlRecord, isTokenRecord, isTrustedCaRecord, tokenIdOf } from './validate';

/** Everything the dashboard needs at start, read in one go; corrupt records are listed, not thrown. */
export interface StoreSnapshot {
  readonly tokens: TokenRecord[];
  readonly certificates: CertificateRecord[];
  readonly corrupt: CorruptRecordNotice[];
}

function keyText(key: unknown): string {
  return Array.isArray(key) ? key.map(String).join(':') : String(key);
}

async function readChecked<T>(
  db: UKeyDb,
  store: 'tokens' | 'certificates',
  check: (v: unknown) => v is T,
  corrupt: CorruptRecordNotice[],
): Promise<T[]> {
  const good: T[] = [];
  let cursor = await db.transaction(store).store.openCursor();
  while (cursor) {
    const value: unknown = cursor.value;
    if (check(value)) good.push(value);
    else corrupt.push({ store: store as StoreName, key: keyText(cursor.key), tokenId: tokenIdOf(value, cursor.key), rawKey: cursor.key });
    cursor = await cursor.continue();
  }
  return good;
}

export async function loadSnapshot(db: UKeyDb): Promise<StoreSnapshot> {
  const corrupt: CorruptRecordNotice[] = [];
  const tokens = await readChecked(db, 'tokens', isTokenRecord, corrupt);
  const certificates = await readChecked(db, 'certificates', isCertificateRecord, corrupt);
  return { tokens, certificates, corrupt };
}

export async function getToken(db: UKeyDb, id: string): Promise<TokenRecord | null> {
  const value: unknown = await db.get('tokens', id);
  return isTokenRecord(value) ? value : null;
}

export async function putToken(db: UKeyDb, record: TokenRecord): Promise<void> {
  await db.put('tokens', record);
}

/** Sets the user's label; keeps every other field. A missing token is not created from a label alone. */
export async function setTokenLabel(db: UKeyDb, id: string, label: string): Promise<boolean> {
  const tx = db.transaction('tokens', 'readwrite');
  const value: unknown = await tx.store.get(id);
  if (!isTokenRecord(value)) {
    await tx.done;
    return false;
  }
  await tx.store.put({ ...value, label });
  await tx.done;
  return true;
}

/** Replaces the cached certificates of one token with a fresh read, in one transaction. */
export async function replaceCertificates(db: UKeyDb, tokenId: string, records: readonly CertificateRecord[]): Promise<void> {
  const tx = db.transaction('certificates', 'readwrite');
  const keys = await tx.store.index('byToken').getAllKeys(tokenId);
  for (const key of keys) await tx.store.delete(key);
  for (const record of records) await tx.store.put(record);
  await tx.done;
}

/** Deletes a record that failed its shape check, once its token has been re-read (its data is back). */
export async function deleteCorrupt(db: UKeyDb, notice: CorruptRecordNotice): Promise<void> {
  if (notice.store !== 'tokens' && notice.store !== 'certificates') return;
  const tx = db.transaction(notice.store, 'readwrite');
  const value: unknown = await tx.store.get(notice.rawKey as never);
  const stillBad = notice.store === 'tokens' ? !isTokenRecord(value) : !isCertificateRecord(value);
  if (value !== undefined && stillBad) await tx.store.delete(notice.rawKey as never);
  await tx.done;
}

export async function getSetting(db: UKeyDb, key: string): Promise<string | null> {
  const value: unknown = await db.get('settings', key);
  const v = value as { value?: unknown } | undefined;
  return typeof v?.value === 'string' ? v.value : null;
}

export async function setSetting(db: UKeyDb, key: string, value: string): Promise<void> {
  await db.put('settings', { key, value });
}

export async function putTrustedCa(db: UKeyDb, record: TrustedCaRecord): Promise<void> {
  await db.put('trustedCAs', record);
}

/** Imported CA certificates, oldest first; a record that fails its shape check is skipped (re-import it). */
export async function listTrustedCas(db: UKeyDb): Promise<TrustedCaRecord[]> {
  const all: unknown[] = await db.getAll('trustedCAs');
  return all.filter(isTrustedCaRecord).sort((a, b) => a.importedAt.localeCompare(b.importedAt));
}

export async function deleteTrustedCa(db: UKeyDb, id: string): Promise<void> {
  await db.delete('trustedCAs', id);
}

/**
 * Keeps a downloaded CRL and drops the older ones of the same issuer (a newer CRL supersedes them, RFC 5280
 * §5.1.2.4); an older CRL than one already kept is not stored. Returns whether it was stored.
 */
export async function putCrl(db: UKeyDb, record: CrlRecord): Promise<boolean> {
  const tx = db.transaction('crls', 'readwrite');
  const sameIssuer: unknown[] = await tx.store.index('byIssuer').getAll(record.issuer);
  const at = Date.parse(record.thisUpdate);
  const newer = sameIssuer.some((other) => isCrlRecord(other) && other.id !== record.id && Date.parse(other.thisUpdate) > at);
  if (!newer) {
    for (const other of sameIssuer) {
      if (isCrlRecord(other) && other.id !== record.id) await tx.store.delete(other.id);
    }
    await tx.store.put(record);
  }
  await tx.done;
  return !newer;
}

/** Kept CRLs; a record that fails its shape check is skipped (the next online read downloads it again). */
export async function listCrls(db: UKeyDb): Promise<CrlRecord[]> {
  const all: unknown[] = await db.getAll('crls');
  return all.filter(isCrlRecord);
}
