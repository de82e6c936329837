/**
 * Cached CRLs for offline revocation checks. Kept per issuer; a newer CRL replaces an older one. When online,
 * CRLs are fetched from the certificate's distribution points through an injected fetcher (the worker passes
 * one built on fetch; Node tests pass a fake), so this module does no I/O of its own.
 */
import type { ParsedCertificate } from './parse-certificate';
import { parseCrl, revocationFromCrl, verifyCrl, type ParsedCrl, type RevocationVerdict } from './crl';
import type { VerifyOptions } from './signature-registry';

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

/** Downloads a CRL; rejects when offline or on a non-OK answer. */
export type CrlFetcher = (url: string) => Promise<Uint8Array>;

export interface RevocationOptions extends VerifyOptions {
  readonly now: Date;
  readonly fetchCrl?: CrlFetcher;
}

async function cachedCrl(issuerKey: string, cache: CrlCache): Promise<ParsedCrl | null> {
  const der = await cache.find(issuerKey);
  if (!der) return null;
  try {
    return parseCrl(der);
  } catch {
    return null;
  }
}

const isStale = (crl: ParsedCrl | null, now: Date): boolean =>
  !crl || (crl.nextUpdate !== null && now.getTime() > crl.nextUpdate.getTime());

/** Revocation status of `cert` whose issuer is `issuer` (null when chain building found none). */
export async function checkRevocation(
  cert: ParsedCertificate,
  issuer: ParsedCertificate | null,
  cache: CrlCache,
  options: RevocationOptions,
): Promise<RevocationVerdict> {
  if (!issuer) return { status: 'unknown', reason: 'issuer unknown: no CRL can be checked' };
  let crl = await cachedCrl(cert.issuer.key, cache);
  if (isStale(crl, options.now) && options.fetchCrl) {
    for (const url of cert.extensions.crlUrls.filter((u) => /^https?:/i.test(u))) {
      try {
        const fresh = parseCrl(await options.fetchCrl(url));
        if (await verifyCrl(fresh, issuer, options)) {
          await cache.store(fresh.issuer.key, fresh.der);
          crl = fresh;
          break;
        }
      } catch {
        // offline or a bad download: keep what is cached
      }
    }
  }
  if (!crl) return { status: 'unknown', reason: 'no CRL cached for this issuer' };
  if (!(await verifyCrl(crl, issuer, options))) {
    return { status: 'unknown', reason: 'cached CRL signature does not verify with the issuer key' };
  }
  return revocationFromCrl(cert, crl, options.now);
}
