/** Applying a portal's certFilter (issue 9 §2 "the portal may pass a filter (issuer, policy OID)"). */
import type { CertFilter } from './protocol';

export interface FilterableCertificate {
  /** Issuer DN as RFC 4514 text. */
  readonly issuerText: string;
  /** Issuer attribute values (CN, O, OU, …). */
  readonly issuerValues: readonly string[];
  /** Dotted OIDs of the certificatePolicies extension; empty when absent. */
  readonly policyOids: readonly string[];
}

export function matchesCertFilter(filter: CertFilter | undefined, cert: FilterableCertificate): boolean {
  if (!filter) return true;
  if (filter.issuer !== undefined) {
    const needle = filter.issuer.toLowerCase();
    const haystacks = [cert.issuerText, ...cert.issuerValues].map((v) => v.toLowerCase());
    if (!haystacks.some((h) => h.includes(needle))) return false;
  }
  if (filter.policyOid !== undefined && !cert.policyOids.includes(filter.policyOid)) return false;
  return true;
}
