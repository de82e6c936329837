/**
 * The certificate layer's main entry: everything the user sees about one certificate, offline (issue 3 §2–§3).
 * CA policy (renewal window, identifiers) comes in through `policy` (issue 7 §5): pki knows no CA by name.
 * src/shared/ca-profiles/inspect-with-profile.ts supplies the app's CA rows.
 */
import type { CertificateReport } from './certificate-report';
import { NO_CERTIFICATE_POLICY, type CertificatePolicySource } from './certificate-policy';
import { buildChain } from './chain';
import { assessClock } from './clock';
import { clockExplainsVerdict } from './clock-verdict';
import { checkRevocation, type CrlCache, type CrlFetcher } from './crl-cache';
import { roleFromKeyUsage } from './dual-pair';
import { parseCertificate } from './parse-certificate';
import { checkPathRevocation } from './path-revocation';
import type { SignerId } from './sm/sm2';
import { DEFAULT_THRESHOLD_DAYS, evaluateValidity, isRenewable } from './status';
import type { TrustStore } from './trust-store';

export interface InspectContext {
  /** The PC's clock. */
  readonly now: Date;
  /** Days before expiry that count as "expiring"; default: the policy's window, else 30. */
  readonly thresholdDays?: number;
  readonly trustStore: TrustStore;
  readonly crlCache: CrlCache;
  /** SM2 signer ID for signature checks; default "1234567812345678". */
  readonly signerId?: SignerId;
  /** Evidence about the PC clock (see assessClock); serverDate already moved on to `now`. */
  readonly clock?: { readonly buildTime?: Date; readonly newestNotBeforeSeen?: Date; readonly serverDate?: Date };
  /** Certificates that came with this one (same file or token), usable as intermediates. */
  readonly extraCertificates?: readonly Uint8Array[];
  /** Downloads a CRL when online (createCrlFetcher); absent = offline. */
  readonly fetchCrl?: CrlFetcher;
  /** The CA's rules for this certificate; default: none (30-day window, no identifiers, caProfileId null). */
  readonly policy?: CertificatePolicySource;
}

export async function inspectCertificate(der: Uint8Array, context: InspectContext): Promise<CertificateReport> {
  const cert = parseCertificate(der);
  const { now } = context;
  const policy = (context.policy ?? NO_CERTIFICATE_POLICY)({ issuer: cert.issuer.fields, subject: cert.subject.fields });
  const threshold = context.thresholdDays ?? policy.renewal?.windowDays ?? DEFAULT_THRESHOLD_DAYS;
  const validity = evaluateValidity(cert.notBefore, cert.notAfter, now, threshold);
  const verifyOptions = context.signerId === undefined ? {} : { signerId: context.signerId };
  const chain = await buildChain(cert, context.trustStore, {
    now,
    ...verifyOptions,
    ...(context.extraCertificates ? { extraCertificates: context.extraCertificates } : {}),
  });
  const revocationOptions = { now, ...verifyOptions, ...(context.fetchCrl ? { fetchCrl: context.fetchCrl } : {}) };
  const leafRevocation = await checkRevocation(cert, chain.issuer, context.crlCache, revocationOptions);
  const { revocation, failure } = chain.status === 'trusted'
    ? await checkPathRevocation(chain.certificates, leafRevocation, context.crlCache, revocationOptions)
    : { revocation: leafRevocation, failure: null };
  const chainStatus = failure?.status ?? chain.status;
  const rule = failure?.rule ?? chain.rule;
  const clock = assessClock({ now, ...context.clock });
  const { publicKey } = cert;
  return {
    subject: cert.subject.fields,
    subjectDN: cert.subject.text,
    issuer: cert.issuer.fields,
    issuerDN: cert.issuer.text,
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    publicKey: {
      algorithm: publicKey.algorithm,
      bits: publicKey.bits,
      ...(publicKey.curve ? { curve: publicKey.curve } : {}),
    },
    signatureAlgorithm: cert.signatureAlgorithmName,
    fingerprints: cert.fingerprints,
    keyUsage: cert.extensions.keyUsage,
    extKeyUsage: cert.extensions.extKeyUsage,
    status: validity.status,
    daysLeft: validity.daysLeft,
    renewable: isRenewable(validity, cert.notAfter, now, policy.renewal),
    signatureValid: chain.signatureValid,
    chain: { status: chainStatus, path: chain.path, ...(rule === undefined ? {} : { rule }) },
    revocation,
    identifiers: policy.identifiers,
    role: roleFromKeyUsage(cert.extensions.keyUsage),
    clockSuspect: clockExplainsVerdict(cert, threshold, now, clock),
    caProfileId: policy.profileId,
  };
}
