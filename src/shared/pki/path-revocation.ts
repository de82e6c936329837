/**
 * Revocation along the whole path (RFC 5280 §6.1.3 (a)(3) applies to every certificate of the path, not only the
 * leaf): each intermediate against its issuer's CRL, from the cache or downloaded like the leaf's. A revoked
 * intermediate refuses the path; an intermediate whose CRL is missing leaves the verdict "unknown" with that
 * link's reason — never "good" on the leaf's CRL alone (issue 14 §1).
 */
import type { RevocationReport } from './certificate-report';
import { checkRevocation, type CrlCache, type RevocationOptions } from './crl-cache';
import type { ParsedCertificate } from './parse-certificate';
import type { PathFailure } from './path-validation';

export interface PathRevocation {
  readonly revocation: RevocationReport;
  /** issuer-revoked when an intermediate is revoked; null otherwise. */
  readonly failure: PathFailure | null;
}

/**
 * `certificates` is a trusted path, leaf first and anchor last; `leaf` is the leaf's own verdict. The anchor is
 * an input to validation (§6.1.1 (d)) and is not checked.
 */
export async function checkPathRevocation(
  certificates: readonly ParsedCertificate[],
  leaf: RevocationReport,
  cache: CrlCache,
  options: RevocationOptions,
): Promise<PathRevocation> {
  let firstUnknown: RevocationReport | null = null;
  for (let i = 1; i < certificates.length - 1; i++) {
    const cert = certificates[i]!;
    const issuer = certificates[i + 1]!;
    const verdict = await checkRevocation(cert, issuer, cache, options);
    const name = `"${cert.subject.text}"`;
    if (verdict.status === 'revoked') {
      return {
        revocation: { status: 'revoked', reason: `issuer ${name} ${verdict.reason}`, link: cert.subject.text },
        failure: { status: 'issuer-revoked', rule: `RFC 5280 §6.1.3 (a)(3): ${name} is ${verdict.reason} by "${issuer.subject.text}"` },
      };
    }
    if (verdict.status === 'unknown' && !firstUnknown) firstUnknown = { ...verdict, reason: `for issuer ${name}: ${verdict.reason}`, link: cert.subject.text };
  }
  return { revocation: leaf.status === 'good' && firstUnknown ? firstUnknown : leaf, failure: null };
}
