/**
 * The window's saved data, read and written through the worker (issue 17 §4): the worker is the only one that
 * opens and migrates the app database, so a schema change is one module's business (store/db.ts) and two
 * windows of different versions cannot half-upgrade it between them. Only public data crosses: key records,
 * cached certificates, settings (DESIGN.md §7). The types are re-exported here so the window names them
 * without reaching into the store.
 */
import type {
  CertificateRecord,
  CorruptRecordNotice,
  TokenRecord,
  StoreSnapshot,
  RecordedCertificate,
  SavedRead,
} from '../store';

export type { CertificateRecord, CorruptRecordNotice, RecordedCertificate, SavedRead, StoreSnapshot, TokenRecord };

export interface RecordsApi {
  /** Every saved key and cached certificate, read in one go; corrupt records are listed, not thrown. */
  snapshot(): Promise<StoreSnapshot>;
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /** Saves a key's record as it is (label, notes); certificates untouched. */
  putToken(record: TokenRecord): Promise<void>;
  /** Sets the user's label, keeping every other field; false when the key is not saved. */
  setTokenLabel(id: string, label: string): Promise<boolean>;
  /** A fresh read of a key, in one transaction: corrupt leftovers go, certificate-only records of it merge in. */
  saveTokenRead(record: TokenRecord, certificates: readonly CertificateRecord[], repaired: readonly CorruptRecordNotice[]): Promise<SavedRead>;
  /** Records a key this browser cannot open, by its certificates (issue 16 §1). */
  addCertificateOnlyKey(certs: readonly RecordedCertificate[]): Promise<{ record: TokenRecord; certificates: CertificateRecord[] }>;
  /** Forgets a key on this device: its record and cached certificates. */
  deleteToken(tokenId: string): Promise<void>;
}
