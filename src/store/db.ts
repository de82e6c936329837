import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CertificateRecord, CrlRecord, SettingRecord, TokenRecord, TrustedCaRecord } from './records';

/**
 * The ONLY module that knows the database name, version, store and index names (STYLE.md "Persistence").
 * Values are typed as `unknown` on read: a record may be corrupt, and the repositories check its shape.
 */
export const DB_NAME = 'ukey-assistant';
export const DB_VERSION = 3;

export interface UKeyDbSchema extends DBSchema {
  tokens: { key: string; value: TokenRecord };
  certificates: { key: [string, number]; value: CertificateRecord; indexes: { byToken: string } };
  settings: { key: string; value: SettingRecord };
  trustedCAs: { key: string; value: TrustedCaRecord };
  crls: { key: string; value: CrlRecord; indexes: { byIssuer: string } };
}

export type UKeyDb = IDBPDatabase<UKeyDbSchema>;

/**
 * Migrations, one step per version, run in order. They only ever ADD stores and indexes: user data (labels,
 * cached certificates, settings) is never dropped.
 *  v1: tokens, certificates (key [tokenId, slot]), settings.
 *  v2: trustedCAs (imported CA certificates), certificates.byToken index.
 *  v3: crls (downloaded CRLs, key = SHA-256 of the DER, index byIssuer) for offline revocation checks.
 */
export function openAppDb(factory?: IDBFactory): Promise<UKeyDb> {
  const previous = globalThis.indexedDB;
  // idb opens through the global; tests pass a fresh fake factory.
  if (factory) (globalThis as { indexedDB: IDBFactory }).indexedDB = factory;
  try {
    return openDB<UKeyDbSchema>(DB_NAME, DB_VERSION, {
      upgrade(db, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) {
          db.createObjectStore('tokens', { keyPath: 'id' });
          db.createObjectStore('certificates', { keyPath: ['tokenId', 'slot'] });
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
      },
    });
  } finally {
    if (factory) (globalThis as { indexedDB: IDBFactory }).indexedDB = previous;
  }
}
