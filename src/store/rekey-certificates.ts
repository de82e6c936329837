/**
 * Schema v8 (issue 17 §3): certificate records are keyed by [tokenId, keyRef], the card profile's opaque key
 * reference, no longer by v7's [tokenId, slot] (the first profile's numbering). IndexedDB cannot change a
 * store's keyPath (W3C IndexedDB 3.0 §4.7: keyPath is fixed at createObjectStore), so inside the upgrade
 * transaction the records are read, the store is recreated with the new keyPath and its byToken index, and every
 * record is put back under `keyRef`.
 * Certificates are public and few per token, so one getAll is enough.
 */

/** A record as v7 stored it, under today's field name; anything else is kept as it was (the reader checks it). */
function withKeyRef(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('slot' in value)) return value;
  const { slot, ...rest } = value as Record<string, unknown>;
  return { ...rest, keyRef: slot };
}

export function rekeyCertificates(db: IDBDatabase, tx: IDBTransaction): void {
  const read = tx.objectStore('certificates').getAll();
  read.onsuccess = () => {
    const records: unknown[] = read.result;
    db.deleteObjectStore('certificates');
    const store = db.createObjectStore('certificates', { keyPath: ['tokenId', 'keyRef'] });
    store.createIndex('byToken', 'tokenId');
    for (const record of records) {
      // A record without a usable key could not be stored under the new keyPath; dropping it costs nothing —
      // certificates are re-read from the token at the next plug-in.
      try {
        store.put(withKeyRef(record));
      } catch {
        continue;
      }
    }
  };
}
