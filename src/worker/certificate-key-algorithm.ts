/**
 * The card key algorithm a certificate's public key implies (SP 800-78-4 Table 3-1), so a sign-in whose
 * certificate is already read sends no key or version query to the card before VERIFY (issue 15 "a sign-in ≤ 6 APDUs":
 * SELECT, VERIFY, GENERAL AUTHENTICATE). Undefined where the seam has no name for the key (SM2, other RSA sizes):
 * the profile then asks the card as before.
 */
import type { KeyAlgorithmName } from '../cards/seam';

export interface CertificateKey {
  readonly kind: string;
  readonly bits: number;
  readonly curve?: string;
}

export function keyAlgorithmOfCertificate(key: CertificateKey): KeyAlgorithmName | undefined {
  if (key.kind === 'RSA' && key.bits === 2048) return 'RSA-2048';
  if (key.kind === 'EC' && key.curve === 'P-256') return 'ECC-P256';
  if (key.kind === 'EC' && key.curve === 'P-384') return 'ECC-P384';
  return undefined;
}
