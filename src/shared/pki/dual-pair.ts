/**
 * Dual certificates (GM/T 0015 / Chinese CA practice): one key pair signs, the other encrypts, both for the same
 * subject from the same issuer. The role comes from key usage (RFC 5280 §4.2.1.3).
 */
import type { CertificateReport } from './certificate-report';

export type CertificateRole = CertificateReport['role'];

const SIGNING_BITS = ['digitalSignature', 'nonRepudiation'];
const ENCRYPTION_BITS = ['keyEncipherment', 'dataEncipherment', 'keyAgreement'];

export function roleFromKeyUsage(keyUsage: readonly string[]): CertificateRole {
  const signs = keyUsage.some((u) => SIGNING_BITS.includes(u));
  const encrypts = keyUsage.some((u) => ENCRYPTION_BITS.includes(u));
  if (signs && encrypts) return 'both';
  if (signs) return 'signing';
  if (encrypts) return 'encryption';
  return 'unknown';
}

export interface DualPair<T> {
  readonly signing: T;
  readonly encryption: T;
}

/** Pairs signing and encryption certificates with the same subject and issuer; each report is used once. */
export function pairDualCertificates<T extends Pick<CertificateReport, 'role' | 'subjectDN' | 'issuerDN'>>(
  reports: readonly T[],
): DualPair<T>[] {
  const pairs: DualPair<T>[] = [];
  const used = new Set<T>();
  for (const signing of reports) {
    if (signing.role !== 'signing' || used.has(signing)) continue;
    const encryption = reports.find(
      (r) => r.role === 'encryption' && !used.has(r) && r.subjectDN === signing.subjectDN && r.issuerDN === signing.issuerDN,
    );
    if (!encryption) continue;
    used.add(signing).add(encryption);
    pairs.push({ signing, encryption });
  }
  return pairs;
}
