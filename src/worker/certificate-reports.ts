/**
 * The certificate layer, run in the worker (DESIGN.md §4: pki kept off the main thread). One reporter per
 * service holds the user's imported CA certificates (sent by the window from idb, replaced as a whole on each
 * change) and the CRL cache; a token may add its own anchors (only the demo token brings its demo CA).
 */
import type { CertificateReport } from '../pki/certificate-report';
import { MemoryCrlCache, type CrlFetcher } from '../pki/crl-cache';
import { inspectCertificate } from '../pki/inspect';
import { MemoryTrustStore } from '../pki/trust-store';

export type ReportMaker = (der: Uint8Array, siblings: readonly Uint8Array[], anchors: readonly Uint8Array[]) => Promise<CertificateReport>;

export interface ReporterOptions {
  readonly now?: () => Date;
  /** Downloads a CRL; absent = never fetch (Node tests, offline-only use). */
  readonly fetchCrl?: CrlFetcher;
}

export class CertificateReporter {
  private userAnchors: readonly Uint8Array[] = [];
  readonly crlCache = new MemoryCrlCache();

  constructor(private readonly options: ReporterOptions = {}) {}

  /** Replaces the user's anchors; reports made afterwards (the next read) use them. */
  setUserAnchors(ders: readonly Uint8Array[]): void {
    this.userAnchors = ders.map((der) => der.slice());
  }

  readonly report: ReportMaker = async (der, siblings, tokenAnchors) => {
    const trustStore = new MemoryTrustStore([...tokenAnchors, ...this.userAnchors].map((a) => ({ der: a, anchor: true })));
    const { fetchCrl, now } = this.options;
    return inspectCertificate(der, {
      now: now?.() ?? new Date(),
      trustStore,
      crlCache: this.crlCache,
      extraCertificates: siblings.filter((other) => other !== der),
      ...(fetchCrl ? { fetchCrl } : {}),
    });
  };
}

/** How long one CRL download may take before the read goes on with what is cached. */
export const CRL_FETCH_TIMEOUT_MS = 4000;

/**
 * A CrlFetcher on `fetch` that only tries when the browser says it is online (RFC 5280 §4.2.1.13 distribution
 * points are usually plain http), with a short timeout so an unreachable CA never stalls a token read.
 */
export function onlineCrlFetcher(
  fetchFn: typeof fetch = (...args) => fetch(...args),
  isOnline: () => boolean = () => typeof navigator === 'undefined' || navigator.onLine,
  timeoutMs = CRL_FETCH_TIMEOUT_MS,
): CrlFetcher {
  return async (url) => {
    if (!isOnline()) throw new Error('offline: CRL not fetched');
    const response = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), credentials: 'omit', cache: 'no-cache' });
    if (!response.ok) throw new Error(`CRL download answered HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}
