/**
 * The certificate layer, run in the worker (DESIGN.md §4: pki kept off the main thread). Trust anchors and
 * CRLs come from the caller; by default an empty in-memory store, so chains read "unknown issuer" until the
 * UI supplies the user's CA certificates.
 */
import type { CertificateReport } from '../pki/certificate-report';
import { MemoryCrlCache } from '../pki/crl-cache';
import { inspectCertificate } from '../pki/inspect';
import { MemoryTrustStore, type TrustStore } from '../pki/trust-store';

export type ReportMaker = (der: Uint8Array, siblings: readonly Uint8Array[], anchors: readonly Uint8Array[]) => Promise<CertificateReport>;

/** Reports against `base` plus the token's own anchors (only the demo token brings any). */
export function defaultReportMaker(base: TrustStore = new MemoryTrustStore(), now: () => Date = () => new Date()): ReportMaker {
  const crlCache = new MemoryCrlCache();
  return async (der, siblings, anchors) => {
    const trustStore = anchors.length === 0 ? base : new MemoryTrustStore([...(await base.certificates()), ...anchors.map((a) => ({ der: a, anchor: true }))]);
    return inspectCertificate(der, { now: now(), trustStore, crlCache, extraCertificates: siblings.filter((other) => other !== der) });
  };
}
