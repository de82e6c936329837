import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { RenewalJournal } from '../flows/renewal';
import type { CardCacheRecord } from './certificate-cache-record';
import { rekeyCertificates } from './rekey-certificates';
import type { CertificateRecord, CrlRecord, SettingRecord, SignInRecord, TokenRecord, TrustedCaRecord } from './records';

/** What the renewals store holds: the journal itself (plain data; no PIN or management key is ever part of it). */
export type RenewalJournalRecord = RenewalJournal;

/**
 * The ONLY module that knows the database name, version, store and index names (STYLE.md "Persistence").
 * Values are typed as `unknown` on read: a record may be corrupt, and the repositories check its shape.
 */
export const DB_NAME = 'ukey-assistant';
export const DB_VERSION = 8;

export interface UKeyDbSchema extends DBSchema {
  tokens: { key: string; value: TokenRecord };
  certificates: { key: [string, number]; value: CertificateRecord; indexes: { byToken: string } };
  settings: { key: string; value: SettingRecord };
  trustedCAs: { key: string; value: TrustedCaRecord };
  crls: { key: string; value: CrlRecord; indexes: { byIssuer: string } };
  signIns: { key: number; value: SignInRecord; indexes: { byToken: string } };
  renewals: { key: string; value: RenewalJournalRecord; indexes: { byToken: string } };
  /** Out-of-line key: the token id (one escrow registration and one open unlock request per key). */
  unlockEscrows: { key: string; value: unknown };
  unlockRequests: { key: string; value: unknown };
  /** Card facts and public certificates by card identity (issue 15 sign-in cache); key = cardCacheKey(). */
  cardCertificates: { key: string; value: CardCacheRecord; indexes: { byToken: string } };
}

export type UKeyDb = IDBPDatabase<UKeyDbSchema>;

export interface OpenAppDbOptions {
  /** Where to open (tests pass a fresh fake factory); default the global indexedDB. */
  readonly factory?: IDBFactory;
  /** Another tab holds an older version open and has not let go yet: ask the user to close or reload it. */
  readonly onBlocked?: () => void;
  /**
   * A newer version of the app wants to upgrade the database: this connection has just closed itself so the
   * upgrade is not blocked (it would otherwise hang the other tab's start-up); reload to use the new schema.
   */
  readonly onVersionChange?: () => void;
  /** Only for tests of the upgrade path. */
  readonly version?: number;
}

/**
 * Migrations, one step per version, run in order. They ADD stores and indexes, or (v8) recreate a store to
 * change its key, copying every record: user data (labels, cached certificates, settings) is never dropped.
 *  v1: tokens, certificates (key [tokenId, the card's key number], renamed keyRef in v8), settings.
 *  v2: trustedCAs (imported CA certificates), certificates.byToken index.
 *  v3: crls (downloaded CRLs, key = SHA-256 of the DER, index byIssuer) for offline revocation checks.
 *  v4: signIns (sites that signed in with a key: origin and time, auto-increment key, index byToken).
 *  v5: renewals (the renewal journal, issue 10 §2: one record per renewal, key = id, index byToken).
 *  v6: unlockEscrows, unlockRequests (online unlock, issue 10 §4: phase records, no unblock code or PIN; key = token id).
 *  v7: cardCertificates (issue 15: card facts and public certificates by card identity, index byToken).
 *  v8: certificates keyed by [tokenId, keyRef] (issue 17 §3): records copied into a recreated store.
 */
function migrate(db: IDBDatabase, oldVersion: number, tx: IDBTransaction): void {
  if (oldVersion < 1) {
    db.createObjectStore('tokens', { keyPath: 'id' });
    // Made in its v8 shape: the v8 step below rekeys only databases an older version made.
    db.createObjectStore('certificates', { keyPath: ['tokenId', 'keyRef'] });
    db.createObjectStore('settings', { keyPath: 'key' });
  }
  if (oldVersion < 2) {
    db.createObjectStore('trustedCAs', { keyPath: 'id' });
    const certificates = tx.objectStore('certificates');
    if (!certificates.indexNames.contains('byToken')) certificates.createIndex('byToken', 'tokenId');
  }
  if (oldVersion < 3) {
    db.createObjectStore('crls', { keyPath: 'id' }).createIndex('byIssuer', 'issuer');
  }
  if (oldVersion < 4) {
    db.createObjectStore('signIns', { keyPath: 'id', autoIncrement: true }).createIndex('byToken', 'tokenId');
  }
  if (oldVersion < 5 && !db.objectStoreNames.contains('renewals')) {
    db.createObjectStore('renewals', { keyPath: 'id' }).createIndex('byToken', 'tokenId');
  }
  if (oldVersion < 6) {
    if (!db.objectStoreNames.contains('unlockEscrows')) db.createObjectStore('unlockEscrows');
    if (!db.objectStoreNames.contains('unlockRequests')) db.createObjectStore('unlockRequests');
  }
  if (oldVersion < 7 && !db.objectStoreNames.contains('cardCertificates')) {
    db.createObjectStore('cardCertificates', { keyPath: 'cardKey' }).createIndex('byToken', 'tokenId');
  }
  if (oldVersion >= 1 && oldVersion < 8) rekeyCertificates(db, tx);
}

/**
 * Opens the app's database on the given factory (injected, never swapped into the global), with the upgrade
 * handshake of IndexedDB (W3C IndexedDB 3.0 §2.7 "versionchange"): every connection closes itself when a newer
 * version asks, and a blocked open is reported, so a schema bump never hangs start-up (issue 7 §2).
 */
export async function openAppDb(arg?: IDBFactory | OpenAppDbOptions): Promise<UKeyDb> {
  const options: OpenAppDbOptions = arg === undefined ? {} : 'open' in arg ? { factory: arg } : arg;
  const factory = options.factory ?? globalThis.indexedDB;
  const request = factory.open(DB_NAME, options.version ?? DB_VERSION);
  request.onupgradeneeded = (event) => migrate(request.result, event.oldVersion, request.transaction!);
  request.onblocked = () => options.onBlocked?.();
  const db = (await wrap(request)) as unknown as UKeyDb;
  db.addEventListener('versionchange', () => {
    db.close();
    options.onVersionChange?.();
  });
  return db;
}
