/** Shape of a CA profile row: everything per-CA is data, so a new CA is a new row (issue 3 §2). */

export type PinCharset = 'digits' | 'letters-digits' | 'any';

export interface PinPolicy {
  readonly minLength: number;
  readonly maxLength: number;
  /** 'letters-digits': must contain both letters and digits (12309); 'digits': digits only (CFCA 6 digits). */
  readonly charset: PinCharset;
  /** Wrong PINs before the token locks, when the CA documents it. */
  readonly maxTries?: number;
}

/** How the CA sets the initial PIN. */
export type DefaultPinRule =
  | { readonly kind: 'fixed'; readonly pin: string }
  /** BJCA for the housing fund: the last six characters of the unified social credit code (case-sensitive). */
  | { readonly kind: 'usci-suffix'; readonly length: number };

export interface RenewalRule {
  /** Days before notAfter when renewal is offered ("expiring"). */
  readonly windowDays: number;
  /** Days after notAfter during which renewal is still possible; null = no documented limit. */
  readonly graceDaysAfterExpiry: number | null;
  /** Minutes until a renewed certificate is accepted by the portal, when documented. */
  readonly effectiveAfterMinutes?: number;
}

export type IdentifierKind = 'usci' | 'orgCode' | 'customerNumber';

/** Where a CA puts an identifier: a subject attribute and a pattern whose first group is the value. */
export interface IdentifierRule {
  readonly kind: IdentifierKind;
  /** Subject attribute short name (CN, OU, serialNumber, …) or OID. */
  readonly field: string;
  readonly pattern: string;
}

/** A substring of one issuer attribute: for CAs whose issuing certificates we do not hold. */
export interface IssuerAttributeMatch {
  /** Issuer attribute short name (O, CN, OU). */
  readonly field: string;
  /** Case-insensitive substrings; any one matches. */
  readonly contains: readonly string[];
}

/**
 * The issuer Name equals a CA certificate's subject Name, attribute for attribute (RFC 5280 §7.1 name chaining):
 * for CAs whose certificate we hold, so no display string decides (a test keeps it equal to the certificate).
 */
export interface IssuerNameMatch {
  readonly name: Readonly<Record<string, string>>;
}

export type IssuerMatch = IssuerAttributeMatch | IssuerNameMatch;

export interface CaProfile {
  readonly id: string;
  readonly name: { readonly zh: string; readonly en: string };
  /** The row matches when any entry matches the issuer. */
  readonly issuerMatch: readonly IssuerMatch[];
  readonly pinPolicy: PinPolicy;
  readonly defaultPins: readonly DefaultPinRule[];
  readonly renewal: RenewalRule;
  readonly identifiers: readonly IdentifierRule[];
  /** The CA's public service hotline(s), as published in its manuals. */
  readonly hotlines: readonly string[];
  /**
   * Where a clerk reaches the CA (its website, its assistant's online service, the counter) — for every CA, and
   * the only contact shown for a CA whose manuals publish no company hotline (we never invent a number).
   */
  readonly serviceRoute: ServiceRoute;
  /**
   * extendedKeyUsage OIDs (dotted) this CA's sign-in certificates carry instead of id-kp-clientAuth, accepted for
   * sign-in besides clientAuth and anyExtendedKeyUsage. Each entry cites the CA document that states it.
   */
  readonly loginExtKeyUsages?: readonly string[];
}

/** A CA's service route in the clerk's words, and its website when the manuals give one. */
export interface ServiceRoute {
  readonly zh: string;
  readonly en: string;
  /** https:// or http:// address as printed in the manual, or null. */
  readonly url: string | null;
}
