/** Who signed in: plain JSON-safe data a portal can store, log or look a user up by. */
import { extractIdentifiers, findCaProfile } from '../../shared/ca-profiles';
import type { ParsedCertificate } from '../../shared/pki';
import { bytesToBase64, type SignInAlg } from '../../shared/signin';
import type { CheckedClientData } from './client-data-check';

export interface LoginIdentity {
  /** Subject DN, RFC 4514 text ("CN=张三, O=…, C=CN"). */
  readonly subject: string;
  /** Subject attributes by short name (CN, O, OU, serialNumber, …). */
  readonly subjectFields: Readonly<Record<string, string>>;
  readonly issuer: string;
  readonly issuerFields: Readonly<Record<string, string>>;
  /** Certificate serial, lowercase hex. */
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** SHA-256 of the certificate DER, lowercase hex: a stable key to bind an account to. */
  readonly fingerprint: string;
  /** Identifiers found in the subject: usci (统一社会信用代码), orgCode (组织机构代码), … */
  readonly identifiers: Readonly<Record<string, string>>;
  /** base64 DER of the signer certificate. */
  readonly certificate: string;
  /** base64 DER of the intermediates the envelope carried. */
  readonly chain: readonly string[];
  /** Subject DNs from the certificate to its trust anchor. */
  readonly path: readonly string[];
  readonly alg: SignInAlg;
  readonly origin: string;
  /** When the app built the payload (unix seconds, the user's clock: informative only). */
  readonly iat: number;
  readonly agent: string;
  readonly rpData?: string;
}

export function describeIdentity(
  cert: ParsedCertificate,
  chain: readonly Uint8Array[],
  path: readonly string[],
  alg: SignInAlg,
  clientData: CheckedClientData,
): LoginIdentity {
  const profile = findCaProfile(cert.issuer.fields);
  return {
    subject: cert.subject.text,
    subjectFields: cert.subject.fields,
    issuer: cert.issuer.text,
    issuerFields: cert.issuer.fields,
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    fingerprint: cert.fingerprints.sha256,
    identifiers: extractIdentifiers(profile, cert.subject.fields),
    certificate: bytesToBase64(cert.der),
    chain: chain.map(bytesToBase64),
    path,
    alg,
    origin: clientData.origin,
    iat: clientData.iat,
    agent: clientData.agent,
    ...(clientData.rpData === undefined ? {} : { rpData: clientData.rpData }),
  };
}
