/**
 * The certificate layer's main entry: everything the user sees about one certificate, offline (issue 3 §2–§3).
 */
import { extractIdentifiers, findCaProfile } from '../ca-profiles/lookup';
import type { CaProfile } from '../ca-profiles/types';
import type { CertificateReport } from './certificate-report';
import { buildChain } from './chain';
import { assessClock } from './clock';
import { checkRevocation, type CrlCache, type CrlFetcher } from './crl-cache';
import { roleFromKeyUsage } from './dual-pair';
import { parseCertificate } from './parse-certificate';
import type { SignerId } from './sm/sm2';
import { DEFAULT_THRESHOLD_DAYS, evaluateValidity, isRenewable } from './status';
import type { TrustStore } from './trust-store';

export interface InspectContext {
  readonly now: Date;
  /** Days before expiry that count as "expiring"; default: the CA profile's window, else 30. */
  readonly thresholdDays?: number;
  readonly trustStore: TrustStore;
  readonly crlCache: CrlCache;
  /** SM2 signer ID for signature checks; default "1234567812345678". */
  readonly signerId?: SignerId;
  /** Evidence about the system clock (see assessClock). */
  readonly clock?: { readonly buildTime?: Date; readonly newestNotBeforeSeen?: Date; readonly serverDate?: Date };
  /** Certificates that came with this one (same file or token), usable as intermediates. */
  readonly extraCertificates?: readonly Uint8Array[];
  /** Downloads a CRL when online; absent = offline. */
  readonly fetchCrl?: CrlFetcher;
  /** Profile rows to match the issuer against; default CA_PROFILES. */
  readonly profiles?: readonly CaProfile[];
}

export async function inspectCertificate(der: Uint8Array, context: InspectContext): Promise<CertificateReport> {
  const cert = parseCertificate(der);
  const { now } = context;
  const profile = findCaProfile(cert.issuer.fields, context.profiles);
  const threshold = context.thresholdDays ?? profile?.renewal.windowDays ?? DEFAULT_THRESHOLD_DAYS;
  const validity = evaluateValidity(cert.notBefore, cert.notAfter, now, threshold);
  const verifyOptions = context.signerId === undefined ? {} : { signerId: context.signerId };
  const chain = await buildChain(cert, context.trustStore, {
    now,
    ...verifyOptions,
    ...(context.extraCertificates ? { extraCertificates: context.extraCertificates } : {}),
  });
  const revocation = await checkRevocation(cert, chain.issuer, context.crlCache, {
    now,
    ...verifyOptions,
    ...(context.fetchCrl ? { fetchCrl: context.fetchCrl } : {}),
  });
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
    renewable: isRenewable(validity, cert.notAfter, now, profile?.renewal ?? null),
    signatureValid: chain.signatureValid,
    chain: { status: chain.status, path: chain.path },
    revocation,
    identifiers: extractIdentifiers(profile, cert.subject.fields),
    role: roleFromKeyUsage(cert.extensions.keyUsage),
    // Only name the clock as the cause when the verdict is one a wrong clock produces.
    clockSuspect: clock.suspect && (validity.status === 'expired' || validity.status === 'not-yet-valid'),
    caProfileId: profile?.id ?? null,
  };
}
