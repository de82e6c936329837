/**
 * The signer certificate (issue 9 §4): the one the payload names (certHash), allowed to sign (RFC 5280
 * §4.2.1.3 digitalSignature), valid at `now` (§4.1.2.5), chaining to a configured anchor (§6 via pki
 * buildChain), and — when CRLs are configured — not revoked according to a current CRL of its issuer (§5).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { buildChain } from '../pki/chain';
import { parseCrl, revocationFromCrl, verifyCrl, type ParsedCrl } from '../pki/crl';
import { CertificateParseError, CrlError } from '../pki/errors';
import { parseCertificate, type ParsedCertificate } from '../pki/parse-certificate';
import type { TrustStore } from '../pki/trust-store';
import { bytesToBase64Url } from '../signin/base64';
import { LoginVerificationError } from './errors';

export function readCertificate(der: Uint8Array, what: string): ParsedCertificate {
  try {
    return parseCertificate(der);
  } catch (cause) {
    if (!(cause instanceof CertificateParseError)) throw cause;
    throw new LoginVerificationError('CERT_MALFORMED', `${what} is not a DER X.509 certificate`, { cause });
  }
}

export function checkCertHash(certHash: string, der: Uint8Array): void {
  if (bytesToBase64Url(sha256(der)) !== certHash) {
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

/** Returns the issuer used (for revocation) and the subject DNs up to the anchor. */
export async function checkChain(
  cert: ParsedCertificate,
  trust: TrustStore,
  chain: readonly Uint8Array[],
  now: Date,
): Promise<{ issuer: ParsedCertificate | null; path: readonly string[] }> {
  const verdict = await buildChain(cert, trust, { now, extraCertificates: chain });
  if (verdict.status !== 'trusted') {
    throw new LoginVerificationError('CERT_UNTRUSTED', `the certificate does not chain to a configured anchor (${verdict.status})`);
  }
  return { issuer: verdict.issuer, path: verdict.path };
}

const parsedCrls = new WeakMap<Uint8Array, ParsedCrl | null>();

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
    if (!crl || crl.issuer.key !== cert.issuer.key || !(await verifyCrl(crl, issuer))) continue;
    const verdict = revocationFromCrl(cert, crl, now);
    if (verdict.status === 'revoked') throw new LoginVerificationError('CERT_REVOKED', `the certificate was ${verdict.reason}`);
    if (verdict.status === 'good') good = true;
  }
  if (!good) throw new LoginVerificationError('REVOCATION_UNKNOWN', 'no current, valid CRL of the issuer covers this certificate');
}
