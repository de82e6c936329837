/**
 * Cached CRLs for offline revocation checks. Kept per issuer; a newer CRL replaces an older one. When online,
 * CRLs are fetched from the certificate's distribution points through an injected fetcher (crl-fetch.ts), so this
 * module does no I/O of its own. Every "unknown" carries a typed reason and, for a failed download, the URL.
 */
import type { RevocationUncheckedReason } from './certificate-report';
import { mayIssueCrl, parseCrl, revocationFromCrl, verifyCrl, type ParsedCrl, type RevocationVerdict } from './crl';
import { classifyFetchError, CrlFetchError, crlUrlReach, type CrlFetcher } from './crl-fetch';
import type { ParsedCertificate } from './parse-certificate';
import type { VerifyOptions } from './signature-registry';

export type { CrlFetcher } from './crl-fetch';

export interface CrlCache {
  /** The newest cached CRL whose issuer has this name key (DistinguishedName.key). */
  find(issuerKey: string): Promise<Uint8Array | undefined>;
  store(issuerKey: string, der: Uint8Array): Promise<void>;
}

export class MemoryCrlCache implements CrlCache {
  private readonly crls = new Map<string, { der: Uint8Array; thisUpdate: number }>();

  async find(issuerKey: string): Promise<Uint8Array | undefined> {
    return this.crls.get(issuerKey)?.der;
  }

  async store(issuerKey: string, der: Uint8Array): Promise<void> {
    const thisUpdate = parseCrl(der).thisUpdate.getTime();
    const existing = this.crls.get(issuerKey);
    if (!existing || existing.thisUpdate <= thisUpdate) this.crls.set(issuerKey, { der, thisUpdate });
  }

  /** Adds a CRL keyed by its own issuer name (CLI --crl, imports). */
  async add(der: Uint8Array): Promise<void> {
    await this.store(parseCrl(der).issuer.key, der);
  }
}

export interface RevocationOptions extends VerifyOptions {
  readonly now: Date;
  readonly fetchCrl?: CrlFetcher;
}

interface Gap {
  readonly unchecked: RevocationUncheckedReason;
  readonly reason: string;
  readonly url?: string;
}

const unknown = (gap: Gap, since?: string): RevocationVerdict => ({
  status: 'unknown',
  reason: gap.reason,
  unchecked: gap.unchecked,
  ...(since === undefined ? {} : { since }),
  ...(gap.url === undefined ? {} : { url: gap.url }),
});

const isStale = (crl: ParsedCrl, now: Date): boolean => crl.nextUpdate !== null && now.getTime() > crl.nextUpdate.getTime();

async function cachedCrl(issuerKey: string, cache: CrlCache): Promise<ParsedCrl | null> {
  const der = await cache.find(issuerKey);
  if (!der) return null;
  try {
    return parseCrl(der);
  } catch {
    return null; // a damaged cache entry counts as none
  }
}

/** Distribution points worth trying, https first (the one a worker on an https origin can reach). */
function downloadableUrls(cert: ParsedCertificate): string[] {
  const web = cert.extensions.crlUrls.filter((u) => crlUrlReach(null, u) === 'fetchable');
  return [...web.filter((u) => /^https:/i.test(u)), ...web.filter((u) => !/^https:/i.test(u))];
}

/** Tries each distribution point; the first verified CRL wins, else the first failure is the reason. */
async function download(cert: ParsedCertificate, issuer: ParsedCertificate, fetchCrl: CrlFetcher, options: VerifyOptions): Promise<ParsedCrl | Gap> {
  const urls = downloadableUrls(cert);
  if (urls.length === 0) {
    const other = cert.extensions.crlUrls[0];
    return other === undefined
      ? { unchecked: 'no-distribution-point', reason: 'the certificate names no CRL distribution point' }
      : { unchecked: 'unsupported-scheme', reason: `no http(s) CRL distribution point (${other})`, url: other };
  }
  let first: Gap | null = null;
  for (const url of urls) {
    let gap: Gap;
    try {
      const bytes = await fetchCrl(url);
      let crl: ParsedCrl | null = null;
      try {
        crl = parseCrl(bytes);
      } catch {
        crl = null;
      }
      if (crl && (await verifyCrl(crl, issuer, options))) return crl;
      gap = crl
        ? { unchecked: 'crl-unverifiable', reason: 'downloaded CRL does not verify with the issuer key', url }
        : { unchecked: 'crl-unreadable', reason: 'downloaded file is not a CRL', url };
    } catch (error) {
      const failure = classifyFetchError(error);
      const status = error instanceof CrlFetchError && error.httpStatus !== null ? ` (HTTP ${error.httpStatus})` : '';
      gap = { unchecked: failure, reason: `CRL download failed: ${failure}${status}`, url };
    }
    first ??= gap;
  }
  return first!;
}

/** Revocation status of `cert` whose issuer is `issuer` (null when chain building found none). */
export async function checkRevocation(
  cert: ParsedCertificate,
  issuer: ParsedCertificate | null,
  cache: CrlCache,
  options: RevocationOptions,
): Promise<RevocationVerdict> {
  if (!issuer) return unknown({ unchecked: 'issuer-unknown', reason: 'issuer unknown: no CRL can be checked' });
  const cached = await cachedCrl(cert.issuer.key, cache);
  let crl = cached && (await verifyCrl(cached, issuer, options)) ? cached : null;
  let gap: Gap | null = cached && !crl
    ? {
        unchecked: 'crl-unverifiable',
        reason: mayIssueCrl(issuer)
          ? 'cached CRL signature does not verify with the issuer key'
          : 'the issuer\'s keyUsage lacks cRLSign, so its CRL proves nothing (RFC 5280 §6.3.3 (f))',
      }
    : null;
  let attempted: Gap | null = null;
  if ((!crl || isStale(crl, options.now)) && options.fetchCrl) {
    const result = await download(cert, issuer, options.fetchCrl, options);
    if ('der' in result) {
      await cache.store(result.issuer.key, result.der);
      if (!crl || crl.thisUpdate.getTime() <= result.thisUpdate.getTime()) crl = result;
    } else {
      attempted = result;
    }
  }
  if (!crl) {
    gap = attempted ?? gap;
    if (gap) return unknown(gap);
    return cert.extensions.crlUrls.length === 0
      ? unknown({ unchecked: 'no-distribution-point', reason: 'no CRL cached and the certificate names no distribution point' })
      : unknown({ unchecked: 'no-crl', reason: 'no CRL cached for this issuer' });
  }
  const verdict = revocationFromCrl(cert, crl, options.now);
  // A stale CRL: a failed refresh says why it could not be renewed; without one the CRL's age is the reason.
  if (verdict.status === 'unknown' && attempted && attempted.unchecked !== 'no-distribution-point' && attempted.unchecked !== 'unsupported-scheme') {
    return unknown(attempted, verdict.since);
  }
  return verdict;
}
