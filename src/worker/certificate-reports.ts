/**
 * The certificate layer, run in the worker (DESIGN.md §4: pki kept off the main thread). One reporter per
 * service holds the user's imported CA certificates (sent by the window from idb, replaced as a whole on each
 * change), the CRL cache (seeded by the window from idb at start; CRLs downloaded here are handed back to the
 * window to persist) and the clock evidence the window sends; a token may add its own anchors (only the demo
 * token brings its demo CA).
 */
import type { CertificateReport } from '../pki/certificate-report';
import { MemoryCrlCache, type CrlCache, type CrlFetcher } from '../pki/crl-cache';
import { inspectCertificate, type InspectContext } from '../pki/inspect';
import { MemoryTrustStore } from '../pki/trust-store';
import type { ClockEvidenceInput } from './device-service-api';

export type ReportMaker = (der: Uint8Array, siblings: readonly Uint8Array[], anchors: readonly Uint8Array[]) => Promise<CertificateReport>;

export interface ReporterOptions {
  readonly now?: () => Date;
  /** Downloads a CRL; absent = never fetch (Node tests, offline-only use). */
  readonly fetchCrl?: CrlFetcher;
}

function isoDate(iso: string | undefined): Date | undefined {
  if (iso === undefined) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** assessClock's evidence at `now`: the server's Date moved on by the time elapsed since it was received. */
export function clockAt(evidence: ClockEvidenceInput, now: Date): NonNullable<InspectContext['clock']> {
  const buildTime = isoDate(evidence.buildTime);
  const newestNotBeforeSeen = isoDate(evidence.newestNotBeforeSeen);
  const serverDate = isoDate(evidence.server?.date);
  const receivedAt = isoDate(evidence.server?.receivedAt);
  return {
    ...(buildTime ? { buildTime } : {}),
    ...(newestNotBeforeSeen ? { newestNotBeforeSeen } : {}),
    // Both times on the same local clock, so their difference is a true duration even when the clock is off.
    ...(serverDate && receivedAt ? { serverDate: new Date(serverDate.getTime() + (now.getTime() - receivedAt.getTime())) } : {}),
  };
}

export class CertificateReporter {
  private userAnchors: readonly Uint8Array[] = [];
  private clock: ClockEvidenceInput = {};
  private fetched: Uint8Array[] = [];
  /** Every CRL known to this worker: imported, seeded from idb, or downloaded. */
  readonly crlCache = new MemoryCrlCache();
  /** What inspection stores into: only downloads go through it, so they are recorded for the window. */
  private readonly recordingCache: CrlCache = {
    find: (issuerKey) => this.crlCache.find(issuerKey),
    store: async (issuerKey, der) => {
      await this.crlCache.store(issuerKey, der);
      this.fetched.push(der);
    },
  };

  constructor(private readonly options: ReporterOptions = {}) {}

  /** Replaces the user's anchors; reports made afterwards (the next read) use them. */
  setUserAnchors(ders: readonly Uint8Array[]): void {
    this.userAnchors = ders.map((der) => der.slice());
  }

  /** Replaces the clock evidence; reports made afterwards use it. */
  setClockEvidence(evidence: ClockEvidenceInput): void {
    this.clock = { ...evidence };
  }

  /** CRLs downloaded since the last call (DER), oldest first; the list is emptied. */
  takeFetchedCrls(): Uint8Array[] {
    const taken = this.fetched;
    this.fetched = [];
    return taken;
  }

  readonly report: ReportMaker = async (der, siblings, tokenAnchors) => {
    const trustStore = new MemoryTrustStore([...tokenAnchors, ...this.userAnchors].map((a) => ({ der: a, anchor: true })));
    const { fetchCrl } = this.options;
    const now = this.options.now?.() ?? new Date();
    return inspectCertificate(der, {
      now,
      trustStore,
      crlCache: this.recordingCache,
      clock: clockAt(this.clock, now),
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
