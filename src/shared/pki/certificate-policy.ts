/**
 * What a CA's rules add to a certificate report: renewal window and grace, the identifiers users are asked for,
 * and the id of the rule row. pki takes this as input (issue 7 §5, DESIGN.md §4 "pki/ takes CA policy as input")
 * so it imports nothing from ca-profiles and a server-side verifier can reuse pki alone.
 */
export type NameFields = Readonly<Record<string, string>>;

export interface RenewalPolicy {
  /** Days before notAfter when the certificate counts as "expiring". */
  readonly windowDays: number;
  /** Days after notAfter during which the CA still renews online; null = no documented grace. */
  readonly graceDaysAfterExpiry: number | null;
}

export interface CertificatePolicy {
  /** Id of the CA rule row that matched the issuer; null when none did. */
  readonly profileId: string | null;
  readonly renewal: RenewalPolicy | null;
  /** Identifiers read from the subject by the CA's rules (usci, orgCode, …). */
  readonly identifiers: NameFields;
}

/** Chooses the policy for one certificate from its issuer and subject attributes. */
export type CertificatePolicySource = (names: { readonly issuer: NameFields; readonly subject: NameFields }) => CertificatePolicy;

/** No CA rules: 30-day window, no grace after expiry, no identifiers. */
export const NO_CERTIFICATE_POLICY: CertificatePolicySource = () => ({ profileId: null, renewal: null, identifiers: {} });
