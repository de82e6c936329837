/**
 * What the certificate layer tells about one certificate (issue 3 §5). The CLI prints it as JSON and the UI
 * renders it, so it is plain data: strings, numbers, booleans, arrays, records.
 */
export type CertificateStatus = 'valid' | 'expiring' | 'expired' | 'not-yet-valid';
/**
 * How the path to a trust anchor ended. Besides finding the path: the RFC 5280 §6.1 rule that refused it —
 * issuer-not-ca (§6.1.4 (k): no basicConstraints cA=TRUE, or a v1/v2 certificate that is not an anchor),
 * issuer-key-usage (§6.1.4 (n): keyUsage without keyCertSign), path-too-long (§6.1.4 (l)–(m) pathLenConstraint),
 * name-constraints (§6.1.3 (b)–(c), §4.2.1.10), unknown-critical-extension (§6.1.4 (o), §4.2), issuer-revoked
 * (§6.1.3 (a)(3) for an intermediate), wrong-key-usage (the leaf's extendedKeyUsage or keyUsage does not allow
 * the purpose asked for, §4.2.1.12 / §4.2.1.3).
 */
export type ChainStatus =
  | 'trusted'
  | 'unknown-issuer'
  | 'bad-signature'
  | 'issuer-expired'
  | 'self-signed'
  | 'issuer-not-ca'
  | 'issuer-key-usage'
  | 'path-too-long'
  | 'name-constraints'
  | 'unknown-critical-extension'
  | 'issuer-revoked'
  | 'wrong-key-usage';

export const CHAIN_STATUSES: readonly ChainStatus[] = [
  'trusted', 'unknown-issuer', 'bad-signature', 'issuer-expired', 'self-signed', 'issuer-not-ca', 'issuer-key-usage',
  'path-too-long', 'name-constraints', 'unknown-critical-extension', 'issuer-revoked', 'wrong-key-usage',
];
export type RevocationStatus = 'good' | 'revoked' | 'unknown';

/**
 * Why revocation was not checked (status 'unknown'), so the user is told the cause, never a bare "unknown"
 * (issue 7 §1 "revocation truth"). The download failures are CrlFetchFailure's.
 */
export type RevocationUncheckedReason =
  | 'issuer-unknown'
  | 'no-distribution-point'
  | 'unsupported-scheme'
  | 'no-crl'
  | 'offline'
  | 'mixed-content'
  | 'blocked-by-cors-or-network'
  | 'http-error'
  | 'timeout'
  | 'too-large'
  | 'crl-unreadable'
  | 'crl-unverifiable'
  | 'crl-stale';

export const REVOCATION_UNCHECKED_REASONS: readonly RevocationUncheckedReason[] = [
  'issuer-unknown', 'no-distribution-point', 'unsupported-scheme', 'no-crl', 'offline', 'mixed-content',
  'blocked-by-cors-or-network', 'http-error', 'timeout', 'too-large', 'crl-unreadable', 'crl-unverifiable', 'crl-stale',
];

export interface RevocationReport {
  readonly status: RevocationStatus;
  /** One English line for logs and the CLI; the UI words it from `status` and `unchecked`. */
  readonly reason: string;
  /**
   * Set when the status is unknown because the newest CRL is past its nextUpdate — "revocation unknown since
   * <date>" (issue 3 §3); absent otherwise.
   */
  readonly since?: string;
  /** Present exactly when status is 'unknown'. */
  readonly unchecked?: RevocationUncheckedReason;
  /** The distribution point whose download failed, for the download reasons. */
  readonly url?: string;
  /**
   * Subject DN of the intermediate CA this verdict is about, when the certificate's own CRL was fine but a link
   * above it is revoked or could not be checked (revocation along the whole path, RFC 5280 §6.1.3 (a)(3)).
   */
  readonly link?: string;
}

export interface PublicKeyReport {
  readonly algorithm: 'RSA' | 'EC' | 'SM2' | string;
  readonly bits: number;
  readonly curve?: 'P-256' | 'P-384' | 'SM2' | string;
}

export interface CertificateReport {
  readonly subject: Readonly<Record<string, string>>;
  readonly subjectDN: string;
  readonly issuer: Readonly<Record<string, string>>;
  readonly issuerDN: string;
  /** Lowercase hex, no leading zero byte. */
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly publicKey: PublicKeyReport;
  readonly signatureAlgorithm: string;
  readonly fingerprints: { readonly sha256: string; readonly sha1: string };
  readonly keyUsage: readonly string[];
  readonly extKeyUsage: readonly string[];
  readonly status: CertificateStatus;
  /** Whole days until notAfter (negative once expired). */
  readonly daysLeft: number;
  /** The CA's rule says this certificate can still be renewed online. */
  readonly renewable: boolean;
  readonly signatureValid: boolean | null;
  /** `rule`: the RFC 5280 rule that refused the path, in one English line, when status names one. */
  readonly chain: { readonly status: ChainStatus; readonly path: readonly string[]; readonly rule?: string };
  readonly revocation: RevocationReport;
  /** Identifiers users are asked for: usci (unified social credit code), orgCode, customerNumber, … */
  readonly identifiers: Readonly<Record<string, string>>;
  /** Role in a dual-certificate pair, from key usage. */
  readonly role: 'signing' | 'encryption' | 'both' | 'unknown';
  /** A wrong PC clock produced this verdict: it differs at the best trusted time (clock-verdict.ts). */
  readonly clockSuspect: boolean;
  /** Id of the CA profile row that matched the issuer, if any. */
  readonly caProfileId: string | null;
}
