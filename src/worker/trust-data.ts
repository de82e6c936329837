/**
 * The worker's own persistence of what it needs to judge certificates offline (issue 7 §5: the worker owns
 * its data, no window shuttle): imported CA certificates, kept CRLs and the clock evidence. Backed by the
 * app's IndexedDB through `store/` (the only module that knows the schema); in memory where IndexedDB is
 * unavailable, so a token can still be read.
 */
import { deleteTrustedCa, getSetting, listCrls, listTrustedCas, putCrl, putTrustedCa, setSetting, type UKeyDb } from '../store';
import type { CrlInfo, TrustedCaInfo } from './device-service-api';

export const NEWEST_NOT_BEFORE_SETTING = 'newestNotBeforeSeen';

export interface TrustData {
  listTrustedCas(): Promise<TrustedCaInfo[]>;
  putTrustedCa(ca: TrustedCaInfo): Promise<void>;
  deleteTrustedCa(id: string): Promise<void>;
  listCrls(): Promise<CrlInfo[]>;
  /** Keeps a CRL, pruning older ones of its issuer; false when a newer one is already kept. */
  putCrl(crl: CrlInfo, storedAt: string): Promise<boolean>;
  newestNotBeforeSeen(): Promise<string | null>;
  setNewestNotBeforeSeen(iso: string): Promise<void>;
}

const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

export class IdbTrustData implements TrustData {
  constructor(private readonly db: () => Promise<UKeyDb>) {}

  async listTrustedCas(): Promise<TrustedCaInfo[]> {
    return (await listTrustedCas(await this.db())).map((record) => ({
      id: record.id,
      der: new Uint8Array(record.der),
      subjectDN: record.label,
      notAfter: record.notAfter,
      importedAt: record.importedAt,
    }));
  }

  async putTrustedCa(ca: TrustedCaInfo): Promise<void> {
    await putTrustedCa(await this.db(), { id: ca.id, der: buffer(ca.der), label: ca.subjectDN, notAfter: ca.notAfter, importedAt: ca.importedAt });
  }

  async deleteTrustedCa(id: string): Promise<void> {
    await deleteTrustedCa(await this.db(), id);
  }

  async listCrls(): Promise<CrlInfo[]> {
    return (await listCrls(await this.db())).map((record) => ({
      der: new Uint8Array(record.der),
      sha256: record.id,
      issuerDN: record.issuer,
      thisUpdate: record.thisUpdate,
      nextUpdate: record.nextUpdate,
    }));
  }

  async putCrl(crl: CrlInfo, storedAt: string): Promise<boolean> {
    return putCrl(await this.db(), {
      id: crl.sha256,
      der: buffer(crl.der),
      issuer: crl.issuerDN,
      thisUpdate: crl.thisUpdate,
      nextUpdate: crl.nextUpdate,
      storedAt,
    });
  }

  async newestNotBeforeSeen(): Promise<string | null> {
    return getSetting(await this.db(), NEWEST_NOT_BEFORE_SETTING);
  }

  async setNewestNotBeforeSeen(iso: string): Promise<void> {
    await setSetting(await this.db(), NEWEST_NOT_BEFORE_SETTING, iso);
  }
}

/** For a worker without IndexedDB (and Node tools): the same behaviour, kept for the worker's life. */
export class MemoryTrustData implements TrustData {
  private readonly cas = new Map<string, TrustedCaInfo>();
  private readonly crls = new Map<string, CrlInfo>();
  private newest: string | null = null;

  async listTrustedCas(): Promise<TrustedCaInfo[]> {
    return [...this.cas.values()].sort((a, b) => a.importedAt.localeCompare(b.importedAt));
  }

  async putTrustedCa(ca: TrustedCaInfo): Promise<void> {
    this.cas.set(ca.id, ca);
  }

  async deleteTrustedCa(id: string): Promise<void> {
    this.cas.delete(id);
  }

  async listCrls(): Promise<CrlInfo[]> {
    return [...this.crls.values()];
  }

  async putCrl(crl: CrlInfo): Promise<boolean> {
    const sameIssuer = [...this.crls.values()].filter((other) => other.issuerDN === crl.issuerDN && other.sha256 !== crl.sha256);
    if (sameIssuer.some((other) => Date.parse(other.thisUpdate) > Date.parse(crl.thisUpdate))) return false;
    for (const other of sameIssuer) this.crls.delete(other.sha256);
    this.crls.set(crl.sha256, crl);
    return true;
  }

  async newestNotBeforeSeen(): Promise<string | null> {
    return this.newest;
  }

  async setNewestNotBeforeSeen(iso: string): Promise<void> {
    this.newest = iso;
  }
}
