/**
 * verifyLogin (issue 9 §4): an identity, or LoginVerificationError with a stable code — never "verified: false".
 * Order: cheap structural checks, then the atomic challenge consume (so every well-formed attempt uses the
 * challenge up), then the certificate and the signature, then trust (chain, validity, revocation).
 */
import { MemoryTrustStore, type TrustStore } from '../../shared/pki';
import { checkClientData } from './client-data-check';
import type { ChallengeStore, ConsumeOutcome } from './challenge-store';
import { checkCertHash, checkChain, checkIssuerRevocation, checkKeyUsage, checkRevocation, checkValidity, readCertificate } from './certificate-check';
import { decodeEnvelope } from './envelope-parser';
import { LoginVerificationError, VerifierConfigError, type LoginErrorCode } from './errors';
import { describeIdentity, type LoginIdentity } from './identity';
import { checkAlgAgainstKey, checkSignature } from './signature-check';

export interface VerifyLoginOptions {
  /** The envelope: the request body as text (best: duplicate keys are caught) or as parsed JSON. */
  readonly response: unknown;
  readonly store: ChallengeStore;
  /** The session the challenge was issued to (from the portal's session cookie). */
  readonly sessionId: string;
  /** Exact serialized origins the portal's pages are served from, e.g. ["https://www.example.cn"]. */
  readonly expectedOrigins: readonly string[];
  /** Trust anchors (and intermediates): a pki TrustStore, or anchor certificates as DER. */
  readonly trust: TrustStore | readonly Uint8Array[];
  /** DER CRLs; when given, every signer must be covered by a current, valid CRL of its issuer. */
  readonly crls?: readonly Uint8Array[];
  readonly now?: Date;
}

const CONSUME_ERRORS: Readonly<Record<Exclude<ConsumeOutcome, 'ok'>, [LoginErrorCode, string]>> = {
  unknown: ['CHALLENGE_UNKNOWN', 'the challenge was not issued by this portal (or is long gone)'],
  reused: ['CHALLENGE_REUSED', 'the challenge was already used'],
  expired: ['CHALLENGE_EXPIRED', 'the challenge has expired'],
  'session-mismatch': ['SESSION_MISMATCH', 'the challenge was issued to another session'],
};

const trustCache = new WeakMap<readonly Uint8Array[], TrustStore>();

function asTrustStore(trust: TrustStore | readonly Uint8Array[]): TrustStore {
  if (!Array.isArray(trust)) return trust as TrustStore;
  const anchors = trust as readonly Uint8Array[];
  let store = trustCache.get(anchors);
  if (!store) {
    const memory = new MemoryTrustStore();
    for (const der of anchors) memory.addAnchor(der);
    trustCache.set(anchors, (store = memory));
  }
  return store;
}

function checkOptions(options: VerifyLoginOptions): void {
  if (!Array.isArray(options.expectedOrigins) || options.expectedOrigins.length === 0) {
    throw new VerifierConfigError('expectedOrigins must list at least one origin');
  }
  for (const origin of options.expectedOrigins) {
    let serialized: string | null = null;
    try {
      serialized = new URL(origin).origin;
    } catch {
      serialized = null;
    }
    if (serialized !== origin || origin === 'null') throw new VerifierConfigError(`${origin} is not a serialized origin (scheme://host[:port])`);
  }
  if (typeof options.sessionId !== 'string' || options.sessionId.length === 0) throw new VerifierConfigError('sessionId must be non-empty');
}

export async function verifyLogin(options: VerifyLoginOptions): Promise<LoginIdentity> {
  checkOptions(options);
  const now = options.now ?? new Date();
  const envelope = decodeEnvelope(options.response);
  const clientData = checkClientData(envelope.clientData, options.expectedOrigins);

  const outcome = await options.store.consume(clientData.challenge, options.sessionId, now.getTime());
  if (outcome !== 'ok') {
    const [code, message] = CONSUME_ERRORS[outcome];
    throw new LoginVerificationError(code, message);
  }

  const cert = readCertificate(envelope.certificate, 'cert');
  const chain = envelope.chain.map((der, i) => readCertificate(der, `chain[${i}]`).der);
  checkCertHash(clientData.certHash, cert);
  checkAlgAgainstKey(envelope.alg, cert);
  checkKeyUsage(cert);
  await checkSignature(envelope.alg, cert, envelope.clientData, envelope.signature);

  checkValidity(cert, now);
  const { issuer, path, certificates } = await checkChain(cert, asTrustStore(options.trust), chain, now);
  if (options.crls) {
    await checkRevocation(cert, issuer, options.crls, now);
    await checkIssuerRevocation(certificates, options.crls, now);
  }
  return describeIdentity(cert, chain, path, envelope.alg, clientData);
}
