/**
 * The signer certificate (issue 9 §4): the one the payload names (certHash), allowed to sign (RFC 5280
 * §4.2.1.3 digitalSignature), valid at `now` (§4.1.2.5), chaining to a configured anchor (§6 via pki
 * buildChain), and — when CRLs are configured — not revoked according to a current CRL of its issuer (§5).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import {
  parseCrl,
  revocationFromCrl,
  verifyCrl,
  CertificateParseError,
  CrlError,
  parseCertificate,
  purposeFailure,
  SIGN_IN_PURPOSE,
  type ParsedCrl,
  type ParsedCertificate,
  type TrustStore,
  type ChainStatus,
} from '../../shared/pki';
import { loginExtKeyUsagesFor } from '../../shared/ca-profiles';
import { bytesToBase64Url } from '../../shared/signin';
import { LoginVerificationError, type LoginErrorCode } from './errors';
import { buildChainRemembered } from './chain-cache';
import { isStrictDer } from './strict-der';

// Parsed certificates by SHA-256 of their DER: users sign in with the same few certificates again and again,
// and parsing is the costliest step after the signature. Entries are immutable; the DER is our own copy, and
// pki's chain builder caches by that instance too.
const PARSED_CACHE_SIZE = 1024;
const parsedCertificates = new Map<string, ParsedCertificate>();

export function readCertificate(der: Uint8Array, what: string): ParsedCertificate {
  const key = bytesToHex(sha256(der));
  const cached = parsedCertificates.get(key);
  if (cached) {
    parsedCertificates.delete(key); // most recently used goes last
    parsedCertificates.set(key, cached);
    return cached;
  }
  if (!isStrictDer(der)) throw new LoginVerificationError('CERT_MALFORMED', `${what} is not strict DER`);
  let cert: ParsedCertificate;
  try {
    cert = parseCertificate(der.slice());
  } catch (cause) {
    if (!(cause instanceof CertificateParseError)) throw cause;
    throw new LoginVerificationError('CERT_MALFORMED', `${what} is not a DER X.509 certificate`, { cause });
  }
  if (parsedCertificates.size >= PARSED_CACHE_SIZE) parsedCertificates.delete(parsedCertificates.keys().next().value!);
  parsedCertificates.set(key, cert);
  return cert;
}

export function checkCertHash(certHash: string, cert: ParsedCertificate): void {
  if (bytesToBase64Url(hexToBytes(cert.fingerprints.sha256)) !== certHash) {
    throw new LoginVerificationError('CERT_HASH_MISMATCH', 'certHash does not name the presented certificate');
  }
}

/** Absent keyUsage allows any use (RFC 5280 §4.2.1.3); present, it must allow digitalSignature. */
export function checkKeyUsage(cert: ParsedCertificate): void {
  if (cert.extensions.hasKeyUsage && !cert.extensions.keyUsage.includes('digitalSignature')) {
    throw new LoginVerificationError('CERT_KEY_USAGE', 'the certificate key is not for digital signatures');
  }
}

export function checkValidity(cert: ParsedCertificate, now: Date): void {
  if (now.getTime() < cert.notBefore.getTime()) {
    throw new LoginVerificationError('CERT_NOT_YET_VALID', `the certificate is valid from ${cert.notBefore.toISOString()}`);
  }
  if (now.getTime() > cert.notAfter.getTime()) {
    throw new LoginVerificationError('CERT_EXPIRED', `the certificate expired on ${cert.notAfter.toISOString()}`);
  }
}

/**
 * pki's chain statuses as the verifier's stable codes (a portal maps codes to its own words); the message names
 * the RFC 5280 rule that failed. The codes existing portals know are kept: a refused path is CERT_UNTRUSTED.
 */
const CHAIN_CODES: Readonly<Record<Exclude<ChainStatus, 'trusted'>, LoginErrorCode>> = {
  'unknown-issuer': 'CERT_UNTRUSTED',
  'bad-signature': 'CERT_UNTRUSTED',
  'issuer-expired': 'CERT_UNTRUSTED',
  'self-signed': 'CERT_UNTRUSTED',
  'issuer-not-ca': 'CERT_UNTRUSTED',
  'issuer-key-usage': 'CERT_UNTRUSTED',
  'path-too-long': 'CERT_UNTRUSTED',
  'name-constraints': 'CERT_UNTRUSTED',
  'unknown-critical-extension': 'CERT_UNTRUSTED',
  'issuer-revoked': 'CERT_REVOKED',
  'wrong-key-usage': 'CERT_KEY_USAGE',
};

/**
 * Returns the issuer used (for revocation) and the subject DNs up to the anchor. The sign-in purpose (RFC 5280
 * §4.2.1.12: clientAuth, anyExtendedKeyUsage or the CA profile's login EKUs) is checked on every login, outside
 * the remembered chain verdict.
 */
export async function checkChain(
  cert: ParsedCertificate,
  trust: TrustStore,
  chain: readonly Uint8Array[],
  now: Date,
): Promise<{ issuer: ParsedCertificate | null; path: readonly string[]; certificates: readonly ParsedCertificate[] }> {
  const verdict = await buildChainRemembered(cert, trust, chain, now);
  if (verdict.status !== 'trusted') {
    const rule = verdict.rule ? `: ${verdict.rule}` : '';
    throw new LoginVerificationError(CHAIN_CODES[verdict.status], `the certificate does not chain to a configured anchor (${verdict.status}${rule})`);
  }
  const purpose = purposeFailure(cert, { ...SIGN_IN_PURPOSE, extraExtKeyUsages: loginExtKeyUsagesFor(cert.issuer.fields) });
  if (purpose) throw new LoginVerificationError('CERT_KEY_USAGE', `the certificate is not for sign-in (${purpose.rule})`);
  return { issuer: verdict.issuer, path: verdict.path, certificates: verdict.certificates };
}

const parsedCrls = new WeakMap<Uint8Array, ParsedCrl | null>();
/** CRL → issuer fingerprints its signature was checked against, with the answer (a signature check is pure). */
const crlChecks = new WeakMap<ParsedCrl, Map<string, boolean>>();

async function crlVerifies(crl: ParsedCrl, issuer: ParsedCertificate): Promise<boolean> {
  let checks = crlChecks.get(crl);
  if (!checks) crlChecks.set(crl, (checks = new Map()));
  let valid = checks.get(issuer.fingerprints.sha256);
  if (valid === undefined) {
    valid = await verifyCrl(crl, issuer);
    checks.set(issuer.fingerprints.sha256, valid);
  }
  return valid;
}

function parsedCrl(der: Uint8Array): ParsedCrl | null {
  if (!parsedCrls.has(der)) {
    try {
      parsedCrls.set(der, parseCrl(der));
    } catch (error) {
      if (!(error instanceof CrlError)) throw error;
      parsedCrls.set(der, null); // an unreadable CRL covers nobody; REVOCATION_UNKNOWN follows if it was needed
    }
  }
  return parsedCrls.get(der) ?? null;
}

export async function checkRevocation(
  cert: ParsedCertificate,
  issuer: ParsedCertificate | null,
  crls: readonly Uint8Array[],
  now: Date,
): Promise<void> {
  if (!issuer) throw new LoginVerificationError('REVOCATION_UNKNOWN', 'no issuer to check a CRL against');
  if (issuer === cert) return; // the certificate is itself an anchor: nothing above it can revoke it
  let good = false;
  for (const der of crls) {
    const crl = parsedCrl(der);
    if (!crl || crl.issuer.key !== cert.issuer.key || !(await crlVerifies(crl, issuer))) continue;
    const verdict = revocationFromCrl(cert, crl, now);
    if (verdict.status === 'revoked') throw new LoginVerificationError('CERT_REVOKED', `the certificate was ${verdict.reason}`);
    if (verdict.status === 'good') good = true;
  }
  if (!good) throw new LoginVerificationError('REVOCATION_UNKNOWN', 'no current, valid CRL of the issuer covers this certificate');
}

/**
 * Revocation of the intermediates (RFC 5280 §6.1.3 (a)(3) for every certificate of the path; review M2): each
 * intermediate against a configured, current CRL of its own issuer. Revoked there → CERT_REVOKED. An intermediate
 * whose issuer has no configured CRL is not refused here — the operator chose which CRLs to configure, and the
 * leaf's own CRL is still required by checkRevocation.
 */
export async function checkIssuerRevocation(certificates: readonly ParsedCertificate[], crls: readonly Uint8Array[], now: Date): Promise<void> {
  for (let i = 1; i < certificates.length - 1; i++) {
    const cert = certificates[i]!;
    const issuer = certificates[i + 1]!;
    for (const der of crls) {
      const crl = parsedCrl(der);
      if (!crl || crl.issuer.key !== cert.issuer.key || !(await crlVerifies(crl, issuer))) continue;
      const verdict = revocationFromCrl(cert, crl, now);
      if (verdict.status === 'revoked') {
        throw new LoginVerificationError('CERT_REVOKED', `issuer "${cert.subject.text}" was ${verdict.reason} (RFC 5280 §6.1.3 (a)(3))`);
      }
    }
  }
}
