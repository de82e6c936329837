/**
 * The records service (records-api.ts) over the worker's one database connection (store/connection.ts).
 * Errors of the connection (DatabaseBlockedError, DatabaseUpgradedError, StorageUnavailableError) reach the
 * window typed, so it can say which tab to close or that this one should reload.
 */
import {
  getSetting,
  loadSnapshot,
  putToken,
  setSetting,
  setTokenLabel,
  addCertificateOnlyKey,
  deleteToken,
  saveTokenRead,
  type StoreSnapshot,
  type UKeyDb,
  type RecordedCertificate,
  type CertificateRecord,
  type CorruptRecordNotice,
  type TokenRecord,
  type SavedRead,
} from '../store';
import type { RecordsApi } from './records-api';

export class RecordsService implements RecordsApi {
  constructor(
    private readonly db: () => Promise<UKeyDb>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async snapshot(): Promise<StoreSnapshot> {
    return loadSnapshot(await this.db());
  }

  async getSetting(key: string): Promise<string | null> {
    return getSetting(await this.db(), key);
  }

  async setSetting(key: string, value: string): Promise<void> {
    await setSetting(await this.db(), key, value);
  }

  async putToken(record: TokenRecord): Promise<void> {
    await putToken(await this.db(), record);
  }

  async setTokenLabel(id: string, label: string): Promise<boolean> {
    return setTokenLabel(await this.db(), id, label);
  }

  async saveTokenRead(record: TokenRecord, certificates: readonly CertificateRecord[], repaired: readonly CorruptRecordNotice[]): Promise<SavedRead> {
    return saveTokenRead(await this.db(), record, certificates, repaired);
  }

  async addCertificateOnlyKey(certs: readonly RecordedCertificate[]): Promise<{ record: TokenRecord; certificates: CertificateRecord[] }> {
    return addCertificateOnlyKey(await this.db(), certs, this.now().toISOString());
  }

  async deleteToken(tokenId: string): Promise<void> {
    await deleteToken(await this.db(), tokenId);
  }
}
