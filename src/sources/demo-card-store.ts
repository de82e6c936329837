/**
 * Where the demo UKEY keeps its card state (issue 16 §2: the demo behaves as one key): one record in its own
 * IndexedDB database, shared by every tab's and the sign popup's driver worker, so a PIN change, a renewal or a
 * blocked PIN is seen everywhere and survives a reload. The record holds the emulator's own state encoding (the
 * CLI's --state file, src/virtual/virtual-token/state-file.ts) as an opaque value, so this module imports nothing
 * from the emulator and the demo-source can ask "is a demo running?" without loading it. A database of its own:
 * the demo's card is not a user record, and leaving the demo deletes it whole.
 */

export const DEMO_CARD_DB = 'ukey-demo-card';
/** The Web Lock every command on the demo card runs under (W3C Web Locks §4: one holder per origin). */
export const DEMO_CARD_LOCK = 'ukey-demo-card';
const STORE = 'card';
const KEY = 'state';

export interface StoredDemoCard {
  /** Changes with every write: a worker whose copy has another revision reloads the card before its next command. */
  readonly revision: string;
  /** The emulator's toJSON() output. */
  readonly state: unknown;
}

export interface DemoCardStore {
  read(): Promise<StoredDemoCard | null>;
  write(card: StoredDemoCard): Promise<void>;
  clear(): Promise<void>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  const req = factory.open(DEMO_CARD_DB, 1);
  req.onupgradeneeded = () => {
    if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
  };
  return request(req);
}

/** One connection per store, reused for every command (opening per APDU would cost more than the APDU). */
function connection(factory: IDBFactory): () => Promise<IDBDatabase> {
  let current: Promise<IDBDatabase> | null = null;
  return () => {
    current ??= open(factory).then((db) => {
      db.onversionchange = () => {
        db.close();
        current = null;
      };
      db.onclose = () => (current = null);
      return db;
    });
    current.catch(() => (current = null));
    return current;
  };
}

async function withStore<T>(db: IDBDatabase, mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const tx = db.transaction(STORE, mode);
  const result = await request(run(tx.objectStore(STORE)));
  // A write counts once its transaction commits (IndexedDB 3.0 §2.7), not when the request succeeds.
  if (mode === 'readwrite') {
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
  }
  return result;
}

function isStored(value: unknown): value is StoredDemoCard {
  return typeof value === 'object' && value !== null && typeof (value as { revision?: unknown }).revision === 'string' && 'state' in value;
}

export function indexedDbDemoCardStore(factory: IDBFactory): DemoCardStore {
  const db = connection(factory);
  return {
    read: async () => {
      const value: unknown = await withStore(await db(), 'readonly', (s) => s.get(KEY));
      return isStored(value) ? value : null;
    },
    write: async (card) => void (await withStore(await db(), 'readwrite', (s) => s.put(card, KEY))),
    clear: async () => void (await withStore(await db(), 'readwrite', (s) => s.delete(KEY))),
  };
}

/** The origin's demo card store where the browser has IndexedDB and Web Locks (windows and workers); else null. */
export function browserDemoCardStore(): DemoCardStore | null {
  const g = globalThis as { indexedDB?: IDBFactory; navigator?: { locks?: WebLocks } };
  const locks = g.navigator?.locks;
  if (!g.indexedDB || !locks) return null;
  if (!browserStore) {
    const store = indexedDbDemoCardStore(g.indexedDB);
    // Deleting under the card's lock: a command in another window saves before or after, never over the deletion.
    browserStore = { ...store, clear: () => locks.request(DEMO_CARD_LOCK, () => store.clear()) };
  }
  return browserStore;
}

let browserStore: DemoCardStore | null = null;

interface WebLocks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}
