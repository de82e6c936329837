/**
 * The verifier's one error class. verifyLogin never answers "not verified": it returns an identity or throws
 * LoginVerificationError with a stable code a portal can log, count and map to its own message.
 */

export const LOGIN_ERROR_CODES = [
  /** Not an envelope / clientDataJSON of the expected shape. */
  'MALFORMED',
  /** A size limit was exceeded before anything was decoded. */
  'OVERSIZE',
  /** The same key twice in the envelope or clientDataJSON (never "last one wins"). */
  'DUPLICATE_KEY',
  'UNSUPPORTED_VERSION',
  /** alg is not one of RS256, ES256, ES384, SM2SM3. */
  'ALG_NOT_ALLOWED',
  /** type is not "ukey.get". */
  'TYPE_MISMATCH',
  /** The first four fields are not byte for byte what v1 prescribes. */
  'PREFIX_MISMATCH',
  'ORIGIN_MISMATCH',
  'CROSS_ORIGIN',
  'CHALLENGE_UNKNOWN',
  'CHALLENGE_EXPIRED',
  'CHALLENGE_REUSED',
  /** The challenge was issued to another session. */
  'SESSION_MISMATCH',
  'CERT_MALFORMED',
  'CERT_HASH_MISMATCH',
  /** alg does not fit the certificate's key (or its curve). */
  'ALG_MISMATCH',
  /** RSA below 2048 bits. */
  'WEAK_KEY',
  /** Signature bytes are not strict DER / of the modulus length, or r, s out of range. */
  'SIGNATURE_MALFORMED',
  'SIGNATURE_INVALID',
  'CERT_UNTRUSTED',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  /** CRLs are configured but none current and valid covers this certificate's issuer. */
  'REVOCATION_UNKNOWN',
  /** keyUsage does not allow digitalSignature (e.g. the encryption certificate of a dual pair). */
  'CERT_KEY_USAGE',
] as const;

export type LoginErrorCode = (typeof LOGIN_ERROR_CODES)[number];

export class LoginVerificationError extends Error {
  override readonly name = 'LoginVerificationError';
  readonly code: LoginErrorCode;

  constructor(code: LoginErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
  }
}

/** The verifier was configured in a way that cannot be safe (no origins, short challenges, …). */
export class VerifierConfigError extends Error {
  override readonly name = 'VerifierConfigError';
  readonly code = 'CONFIG_INVALID';
}

/**
 * The in-memory challenge store is at its cap (issue 14 §4): a new challenge is refused rather than memory
 * exhausted. A portal answers HTTP 503 with Retry-After; the cap frees up as issued challenges live out.
 */
export class ChallengeStoreFullError extends Error {
  override readonly name = 'ChallengeStoreFullError';
  readonly code = 'CHALLENGE_STORE_FULL';

  constructor(readonly maxEntries: number) {
    super(`the challenge store holds its maximum of ${maxEntries} challenges; try again when older ones have expired`);
  }
}
