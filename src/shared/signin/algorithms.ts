/**
 * Signature algorithms of the v1 envelope (issue 9 §1) and which key each needs. The names follow JOSE
 * (RFC 7518 §3.1) where one exists; SM2SM3 is SM2 over SM3(Z ‖ M) with the default ID (GB/T 32918.2 §6,
 * GM/T 0009 §10), DER SEQUENCE{r, s}.
 */

export const SIGN_IN_ALGS = ['RS256', 'ES256', 'ES384', 'SM2SM3'] as const;
export type SignInAlg = (typeof SIGN_IN_ALGS)[number];

export interface SignInAlgInfo {
  readonly keyKind: 'RSA' | 'EC' | 'SM2';
  /** Named curve the key must be on (EC only). */
  readonly curve?: 'P-256' | 'P-384';
  readonly hash: 'SHA-256' | 'SHA-384' | 'SM3';
  /** X.509 signature algorithm OID with the same meaning (RFC 4055, RFC 5758, GM/T 0006). */
  readonly signatureOid: string;
}

export const SIGN_IN_ALG_INFO: Readonly<Record<SignInAlg, SignInAlgInfo>> = {
  RS256: { keyKind: 'RSA', hash: 'SHA-256', signatureOid: '1.2.840.113549.1.1.11' },
  ES256: { keyKind: 'EC', curve: 'P-256', hash: 'SHA-256', signatureOid: '1.2.840.10045.4.3.2' },
  ES384: { keyKind: 'EC', curve: 'P-384', hash: 'SHA-384', signatureOid: '1.2.840.10045.4.3.3' },
  SM2SM3: { keyKind: 'SM2', hash: 'SM3', signatureOid: '1.2.156.10197.1.501' },
};

/** RSA keys below this size are refused (NIST SP 800-131A Rev. 2 §3). */
export const MIN_RSA_BITS = 2048;

export const isSignInAlg = (value: unknown): value is SignInAlg =>
  typeof value === 'string' && (SIGN_IN_ALGS as readonly string[]).includes(value);

/** The shape of a public key description (src/shared/pki PublicKeyInfo fits it). */
export interface KeyDescription {
  readonly kind: string;
  readonly curve?: string;
  readonly bits: number;
}

/** The one algorithm a key signs with, or null when v1 has none for it (e.g. P-521, RSA < 2048). */
export function signInAlgForKey(key: KeyDescription): SignInAlg | null {
  if (key.kind === 'RSA') return key.bits >= MIN_RSA_BITS ? 'RS256' : null;
  if (key.kind === 'SM2') return 'SM2SM3';
  if (key.kind === 'EC' && key.curve === 'P-256') return 'ES256';
  if (key.kind === 'EC' && key.curve === 'P-384') return 'ES384';
  return null;
}
