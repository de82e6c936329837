/**
 * The ONLY module that knows the outbox database's name, version and store names (STYLE.md "Persistence").
 * It is separate from the driver worker's `ukey-assistant` database: the service worker owns it, and the page
 * and the driver worker only enqueue, read and acknowledge through src/sw/client.
 */
import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxEntry } from './entry';

export const OUTBOX_DB_NAME = 'ukey-outbox';
export const OUTBOX_DB_VERSION = 1;

export interface OutboxDbSchema extends DBSchema {
  entries: { key: string; value: OutboxEntry; indexes: { byTransaction: string } };
}

export type OutboxDb = IDBPDatabase<OutboxDbSchema>;

export interface OpenOutboxDbOptions {
  /** Where to open (tests pass a fake or a fresh factory); default the global indexedDB. */
  readonly factory?: IDBFactory;
  /** An older connection (another tab, an old service worker) has not closed yet. */
  readonly onBlocked?: () => void;
  /** A newer version wants to upgrade: this connection has closed itself; reopen to continue. */
  readonly onVersionChange?: () => void;
}

/**
 * Migrations only ever add: an entry waiting for delivery is user data (a signed renewal request).
 *  v1: entries (keyPath id = idempotency key), index byTransaction (hex transactionID).
 */
function migrate(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) db.createObjectStore('entries', { keyPath: 'id' }).createIndex('byTransaction', 'transactionIdHex');
}

/**
 * Opens with the IndexedDB upgrade handshake (W3C IndexedDB 3.0 §2.7): every connection closes on
 * `versionchange`, so a new service worker's upgrade is never blocked by an old one or by a tab.
 */
export async function openOutboxDb(options: OpenOutboxDbOptions = {}): Promise<OutboxDb> {
  const factory = options.factory ?? globalThis.indexedDB;
  const request = factory.open(OUTBOX_DB_NAME, OUTBOX_DB_VERSION);
  request.onupgradeneeded = (event) => migrate(request.result, event.oldVersion);
  request.onblocked = () => options.onBlocked?.();
  const db = (await wrap(request)) as unknown as OutboxDb;
  db.addEventListener('versionchange', () => {
    db.close();
    options.onVersionChange?.();
  });
  return db;
}

/** Every write that changes an entry's fate waits for the disk (IndexedDB 3.0 §4.4 durability "strict"). */
export const DURABLE: { durability: 'strict' } = { durability: 'strict' };
