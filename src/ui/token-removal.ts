import type { UKeyDb } from '../store';

/**
 * Forgets one key on this device: its record and cached certificates, in one transaction (issue 8 §3 "remove a
 * key"). Sign-in history stays (it is the worker's record of what happened). Belongs in store/app-store.ts as
 * `deleteToken` (asked of the store's owner); kept here until then so the UI can offer removal.
 */
export async function deleteTokenRecords(db: UKeyDb, tokenId: string): Promise<void> {
  const tx = db.transaction(['tokens', 'certificates'], 'readwrite');
  const certificates = tx.objectStore('certificates');
  const keys = await certificates.index('byToken').getAllKeys(tokenId);
  for (const key of keys) await certificates.delete(key);
  await tx.objectStore('tokens').delete(tokenId);
  await tx.done;
}
