/**
 * The certificate layer, run in the worker (DESIGN.md §4: pki kept off the main thread). The reporter reads
 * what it judges with from the worker's own TrustData (issue 7 §5, no window shuttle): the user's imported CA
 * certificates, the kept CRLs (seeded into the cache once per worker) and the clock evidence; a token may add
 * its own anchors (only the demo token brings its demo CA). CRLs it downloads and the clock evidence it
 * learns are kept there for the next, offline, start.
 */
import { inspectWithCaProfiles } from '../shared/ca-profiles';
import {
  MemoryCrlCache,
  MemoryTrustStore,
  type CertificateReport,
  type CrlCache,
  type CrlFetcher,
} from '../shared/pki';
import { describeCrl } from './ca-files';
import { clockInput, evidenceFromReports, type ServerTime } from './clock-evidence';
import type { TrustData } from './trust-data';

export type ReportMaker = (der: Uint8Array, siblings: readonly Uint8Array[], anchors: readonly Uint8Array[]) => Promise<CertificateReport>;

export interface ReporterOptions {
  readonly data: TrustData;
  readonly now?: () => Date;
  /** Downloads a CRL; absent = never fetch (Node tests, offline-only use). */
  readonly fetchCrl?: CrlFetcher;
  /** ISO time this app was built; the clock cannot be earlier. */
  readonly buildTime?: string | null;
  /** Our own origin's Date (and Age) when online; null when it cannot tell. */
  readonly serverTime?: () => Promise<ServerTime | null>;
}

export class CertificateReporter {
  /** Every CRL known to this worker: kept ones (seeded once), imported, or downloaded. */
  readonly crlCache = new MemoryCrlCache();
  private seeded: Promise<void> | null = null;
  private server: Promise<ServerTime | null> | null = null;

  constructor(private readonly options: ReporterOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Loads the kept CRLs into the cache, once per worker; a record that no longer parses is skipped. */
  private seed(): Promise<void> {
    this.seeded ??= (async () => {
      for (const crl of await this.options.data.listCrls().catch(() => [])) {
        await this.crlCache.add(crl.der).catch(() => undefined);
      }
    })();
    return this.seeded;
  }

  /** Downloads go through this cache so they are kept for the next start. */
  private readonly keepingCache: CrlCache = {
    find: (issuerKey) => this.crlCache.find(issuerKey),
    store: async (issuerKey, der) => {
      await this.crlCache.store(issuerKey, der);
      await this.options.data.putCrl(describeCrl(der), this.now().toISOString()).catch(() => false);
    },
  };

  /** Reports for every certificate of one token read, then what they teach about the clock is kept. */
  async reportAll(ders: readonly Uint8Array[], tokenAnchors: readonly Uint8Array[]): Promise<Array<CertificateReport | Error>> {
    await this.seed();
    const userAnchors = (await this.options.data.listTrustedCas().catch(() => [])).map((ca) => ca.der);
    const trustStore = new MemoryTrustStore([...tokenAnchors, ...userAnchors].map((der) => ({ der, anchor: true })));
    this.server ??= this.options.serverTime?.().catch(() => null) ?? Promise.resolve(null);
    const server = await this.server;
    const seen = await this.options.data.newestNotBeforeSeen().catch(() => null);
    const now = this.now();
    const clock = clockInput({ buildTime: this.options.buildTime ?? null, newestNotBeforeSeen: seen, server }, now);
    const reports = await Promise.all(
      ders.map((der) =>
        inspectWithCaProfiles(der, {
          now,
          trustStore,
          crlCache: this.keepingCache,
          clock,
          extraCertificates: ders.filter((other) => other !== der),
          ...(this.options.fetchCrl ? { fetchCrl: this.options.fetchCrl } : {}),
        }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      ),
    );
    const newest = evidenceFromReports(reports.filter((r): r is CertificateReport => !(r instanceof Error)), seen, clock, now);
    if (newest !== seen && newest !== null) await this.options.data.setNewestNotBeforeSeen(newest).catch(() => undefined);
    return reports;
  }
}
