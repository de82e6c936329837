/**
 * The policy OIDs of a certificate (RFC 5280 §4.2.1.4), for a portal's certFilter (issue 9 §2). A missing or
 * malformed extension gives none: the filter then simply does not match.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, CertificatePolicies, id_ce_certificatePolicies } from '@peculiar/asn1-x509';

export function certificatePolicyOids(der: Uint8Array): string[] {
  try {
    const cert = AsnConvert.parse(der, Certificate);
    const extension = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_certificatePolicies);
    if (!extension) return [];
    return AsnConvert.parse(extension.extnValue.buffer, CertificatePolicies).map((policy) => policy.policyIdentifier);
  } catch {
    return [];
  }
}
