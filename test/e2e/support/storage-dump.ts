/**
 * Everything a page's origin keeps, as text, for "no PIN stored" checks (issue 7 §4): every IndexedDB record of
 * every database, localStorage, sessionStorage, then — after CACHE_MARK — every Cache Storage body. Cached bodies
 * are the app's own code, where a factory default PIN may legitimately be written; callers can split them off.
 */
import type { Page } from 'playwright-core';

export const CACHE_MARK = '\u0000--cache-storage--\u0000';

export function dumpOriginStorage(page: Page): Promise<string> {
  return page.evaluate(async (mark) => {
    const parts: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
        });
        // Binary records (ArrayBuffer or any typed array: certificates, CRLs, request bodies, card state) as
        // latin1, hex and base64, so PIN bytes inside them show whichever way a caller searches.
        const binary = (bytes: Uint8Array): string => {
          const latin1 = Array.from(bytes, (b) => String.fromCharCode(b)).join('');
          const hexText = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
          return `${latin1} ${hexText} ${btoa(latin1)}`;
        };
        parts.push(JSON.stringify(all, (_k, v: unknown) => {
          if (v instanceof ArrayBuffer) return binary(new Uint8Array(v));
          if (ArrayBuffer.isView(v)) return binary(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
          return v;
        }));
      }
      db.close();
    }
    parts.push(mark);
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) parts.push((await (await cache.match(request))?.text()) ?? '');
    }
    return parts.join('\n');
  }, CACHE_MARK);
}
