/**
 * The worker's one connection to the app database (issue 17 §4: the worker is the only one that opens and
 * migrates it). Every window and popup has its own worker, so several connections meet; IndexedDB's upgrade
 * handshake (W3C IndexedDB 3.0 §2.7, §5.1 "open a database") is handled so none waits for another forever:
 *  - `versionchange` (a newer version wants to upgrade): close at once and forget the connection;
 *  - `blocked` (a connection that does not close, e.g. an older app without this handler): the call fails with
 *    DatabaseBlockedError instead of hanging; a connection that opens later anyway is closed, not leaked;
 *  - VersionError (the database is newer than this code): DatabaseUpgradedError — the tab should reload.
 */
import { openAppDb, type UKeyDb } from './db';
import { DatabaseBlockedError, DatabaseUpgradedError, StorageUnavailableError } from './errors';

export interface AppDbConnectionOptions {
  /** Where to open (tests pass a fake factory); default the global indexedDB. */
  readonly factory?: IDBFactory;
  /** Only for tests of the upgrade path. */
  readonly version?: number;
}

export class AppDbConnection {
  private db: Promise<UKeyDb> | null = null;

  constructor(private readonly options: AppDbConnectionOptions = {}) {}

  /** The open database; opened (and migrated) on first use and again after another tab's upgrade closed it. */
  readonly get = (): Promise<UKeyDb> => (this.db ??= this.open());

  /** Closes the connection if open (a test, or the worker shutting down). */
  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    if (db) (await db.catch(() => null))?.close();
  }

  private open(): Promise<UKeyDb> {
    const factory = this.options.factory ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
    if (!factory) return Promise.reject(new StorageUnavailableError('NoIndexedDB', 'IndexedDB is not available here'));
    let blocked: () => void = () => undefined;
    const whenBlocked = new Promise<never>((_, reject) => {
      blocked = () => reject(new DatabaseBlockedError());
    });
    const opened = openAppDb({
      factory,
      ...(this.options.version !== undefined ? { version: this.options.version } : {}),
      onBlocked: blocked,
      onVersionChange: () => {
        if (this.db === attempt) this.db = null; // openAppDb has closed it; the next call opens afresh
      },
    });
    const attempt: Promise<UKeyDb> = Promise.race([opened, whenBlocked]).catch((error: unknown) => {
      if (this.db === attempt) this.db = null; // a later call tries again (the other tab may have closed)
      // The open goes on after `blocked`; if it succeeds later, nobody holds it: close it so it blocks no one.
      if (error instanceof DatabaseBlockedError) void opened.then((db) => db.close(), () => undefined);
      throw translate(error);
    });
    return attempt;
  }
}

/** The browser's refusals (DOMException, classified by name) become typed errors; anything else is a bug: as is. */
function translate(error: unknown): unknown {
  if (typeof DOMException === 'undefined' || !(error instanceof DOMException)) return error;
  if (error.name === 'VersionError') return new DatabaseUpgradedError();
  return new StorageUnavailableError(error.name);
}
