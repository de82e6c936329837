/**
 * Everything a certificate says about a key we only know by its certificate (issue 16 §1): holder, unit,
 * identifiers, validity, CA profile, chain and revocation — judged with the same pki code and the same trust
 * data (the user's imported CA certificates and kept CRLs, read from the worker) as a key read live. Loaded
 * lazily with the "add by certificate" panel, so pki stays out of the first screen's bundle.
 */
import { inspectWithCaProfiles } from '../../shared/ca-profiles';
import { MemoryCrlCache, createCrlFetcher, MemoryTrustStore, type CertificateReport } from '../../shared/pki';
import { splitCertificateFile } from './split-file';

export interface InspectedCertificate {
  readonly der: Uint8Array;
  readonly report: CertificateReport;
}

export interface TrustInput {
  /** The user's trusted CA certificates (DER). */
  readonly anchors: readonly Uint8Array[];
  /** Kept CRLs (DER). */
  readonly crls: readonly Uint8Array[];
  readonly now: Date;
  /** Try the CA's CRL distribution point when online (never for a file:/mixed-content URL). */
  readonly online: boolean;
}

export async function inspectCertificateFile(bytes: Uint8Array, trust: TrustInput): Promise<InspectedCertificate[]> {
  const { keyCertificates, caCertificates } = splitCertificateFile(bytes);
  const trustStore = new MemoryTrustStore(trust.anchors.map((der) => ({ der, anchor: true })));
  const crlCache = new MemoryCrlCache();
  for (const crl of trust.crls) await crlCache.add(crl).catch(() => undefined);
  const fetchCrl = trust.online && typeof fetch === 'function'
    ? createCrlFetcher({ fetch: (url, init) => fetch(url, init), pageProtocol: location.protocol, isOnline: () => navigator.onLine })
    : undefined;
  const all = [...keyCertificates, ...caCertificates];
  const out: InspectedCertificate[] = [];
  for (const der of keyCertificates) {
    const report = await inspectWithCaProfiles(der, {
      now: trust.now,
      trustStore,
      crlCache,
      extraCertificates: all.filter((other) => other !== der),
      ...(fetchCrl ? { fetchCrl } : {}),
    });
    out.push({ der, report });
  }
  return out;
}
