/**
 * The user's trust store, kept by the worker (issue 7 §5): CA certificates imported from files, CRLs imported
 * or downloaded. The window asks for lists and sends files; it never ferries anchors or CRLs back in.
 */
import { crlDerFromFile } from '../shared/pki';
import { describeCrl, readCaFile } from './ca-files';
import type { CertificateReporter } from './certificate-reports';
import type { CaCertificateInfo, CrlInfo, TrustApi, TrustedCaInfo } from './device-service-api';
import type { TrustData } from './trust-data';

export class TrustService implements TrustApi {
  constructor(
    private readonly data: TrustData,
    private readonly reporter: CertificateReporter,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async parseCaFile(bytes: Uint8Array): Promise<CaCertificateInfo[]> {
    return readCaFile(bytes);
  }

  listTrustedCas(): Promise<TrustedCaInfo[]> {
    return this.data.listTrustedCas();
  }

  async importCaFile(bytes: Uint8Array): Promise<number> {
    const found = readCaFile(bytes).filter((info) => info.isCa);
    const known = new Set((await this.data.listTrustedCas()).map((ca) => ca.id));
    const importedAt = this.now().toISOString();
    let added = 0;
    for (const info of found) {
      if (known.has(info.sha256)) continue;
      known.add(info.sha256);
      await this.data.putTrustedCa({ id: info.sha256, der: info.der, subjectDN: info.subjectDN, notAfter: info.notAfter, importedAt });
      added++;
    }
    return added;
  }

  removeTrustedCa(id: string): Promise<void> {
    return this.data.deleteTrustedCa(id);
  }

  /** Checked by the cache (signature against a known issuer is verified when used), then kept. */
  async importCrl(bytes: Uint8Array): Promise<CrlInfo> {
    const info = describeCrl(crlDerFromFile(bytes));
    await this.reporter.crlCache.add(info.der);
    await this.data.putCrl(info, this.now().toISOString());
    return info;
  }

  listCrls(): Promise<CrlInfo[]> {
    return this.data.listCrls();
  }
}
