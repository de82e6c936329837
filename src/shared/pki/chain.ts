/**
 * Path building from a certificate to a trust anchor (RFC 5280 §6, simplified for the few-CA world of
 * Chinese tokens): issuers are found by name (and key identifier when present), each link's signature is
 * checked through the signature registry, and every certificate above the leaf must be within its validity.
 * Like OpenSSL, an anchor's own signature is not checked.
 */
import type { ChainStatus } from './certificate-report';
import { parseCertificate, type ParsedCertificate } from './parse-certificate';
import { verifySignature, type VerifyOptions } from './signature-registry';
import type { TrustStore } from './trust-store';

export interface ChainVerdict {
  readonly status: ChainStatus;
  /** Subject DNs from the certificate up to the last certificate reached. */
  readonly path: readonly string[];
  /** The certificate's own signature checked with its issuer's key; null when no issuer was found. */
  readonly signatureValid: boolean | null;
  /** The issuer used for revocation checking, when found. */
  readonly issuer: ParsedCertificate | null;
}

interface Candidate {
  readonly cert: ParsedCertificate;
  readonly anchor: boolean;
}

const MAX_DEPTH = 8;
const parsedCache = new WeakMap<Uint8Array, ParsedCertificate | null>();

/** Parses store entries once; unreadable entries are skipped (an import problem, not this certificate's). */
function parseCached(der: Uint8Array): ParsedCertificate | null {
  if (!parsedCache.has(der)) {
    try {
      parsedCache.set(der, parseCertificate(der));
    } catch {
      parsedCache.set(der, null);
    }
  }
  return parsedCache.get(der) ?? null;
}

const isSelfIssued = (cert: ParsedCertificate): boolean => cert.subject.key === cert.issuer.key;

function couldIssue(issuer: ParsedCertificate, child: ParsedCertificate): boolean {
  if (issuer.subject.key !== child.issuer.key) return false;
  if (issuer.extensions.isCa === false) return false; // RFC 5280 §4.2.1.9: not a CA
  const aki = child.extensions.authorityKeyId;
  const ski = issuer.extensions.subjectKeyId;
  return !(aki && ski && aki !== ski);
}

async function verifies(child: ParsedCertificate, issuer: ParsedCertificate, options: VerifyOptions): Promise<boolean> {
  try {
    return await verifySignature(child, issuer.spki, options);
  } catch {
    return false; // unsupported algorithm or unusable key: the link cannot be shown to hold
  }
}

const within = (cert: ParsedCertificate, now: Date): boolean =>
  cert.notBefore.getTime() <= now.getTime() && now.getTime() <= cert.notAfter.getTime();

export interface BuildChainOptions extends VerifyOptions {
  readonly now: Date;
  /** Other certificates that came with this one (same file or token): usable as intermediates, never anchors. */
  readonly extraCertificates?: readonly Uint8Array[];
}

export async function buildChain(leaf: ParsedCertificate, store: TrustStore, options: BuildChainOptions): Promise<ChainVerdict> {
  const entries = await store.certificates();
  const pool: Candidate[] = [];
  for (const entry of entries) {
    const cert = parseCached(entry.der);
    if (cert) pool.push({ cert, anchor: entry.anchor });
  }
  for (const der of options.extraCertificates ?? []) {
    const cert = parseCached(der);
    if (cert && cert.fingerprints.sha256 !== leaf.fingerprints.sha256) pool.push({ cert, anchor: false });
  }
  const isAnchor = (cert: ParsedCertificate): boolean =>
    pool.some((c) => c.anchor && c.cert.fingerprints.sha256 === cert.fingerprints.sha256);

  const path = [leaf.subject.text];
  // A certificate that is itself an anchor is trusted as is (RFC 5280 §6.1: the anchor is an input).
  if (isAnchor(leaf)) {
    const own = isSelfIssued(leaf) ? await verifies(leaf, leaf, options) : null;
    return { status: 'trusted', path, signatureValid: own, issuer: isSelfIssued(leaf) ? leaf : null };
  }
  if (isSelfIssued(leaf)) {
    const own = await verifies(leaf, leaf, options);
    return { status: own ? 'self-signed' : 'bad-signature', path, signatureValid: own, issuer: leaf };
  }

  let current = leaf;
  let leafSignature: boolean | null = null;
  let leafIssuer: ParsedCertificate | null = null;
  const seen = new Set([leaf.fingerprints.sha256]);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const candidates = pool.filter((c) => !seen.has(c.cert.fingerprints.sha256) && couldIssue(c.cert, current));
    if (candidates.length === 0) {
      return { status: 'unknown-issuer', path, signatureValid: leafSignature, issuer: leafIssuer };
    }
    let found: Candidate | null = null;
    // Prefer anchors, then issuers valid now, so a renewed CA certificate wins over its expired predecessor.
    candidates.sort((a, b) => Number(b.anchor) - Number(a.anchor) || Number(within(b.cert, options.now)) - Number(within(a.cert, options.now)));
    for (const candidate of candidates) {
      if (await verifies(current, candidate.cert, options)) {
        found = candidate;
        break;
      }
    }
    if (depth === 0) {
      leafSignature = found !== null;
      leafIssuer = found?.cert ?? candidates[0]!.cert;
    }
    if (!found) return { status: 'bad-signature', path, signatureValid: leafSignature, issuer: leafIssuer };
    path.push(found.cert.subject.text);
    seen.add(found.cert.fingerprints.sha256);
    if (!within(found.cert, options.now)) {
      return { status: 'issuer-expired', path, signatureValid: leafSignature, issuer: leafIssuer };
    }
    if (found.anchor) return { status: 'trusted', path, signatureValid: leafSignature, issuer: leafIssuer };
    if (isSelfIssued(found.cert)) {
      // Reached a root that is not a trust anchor.
      return { status: 'unknown-issuer', path, signatureValid: leafSignature, issuer: leafIssuer };
    }
    current = found.cert;
  }
  return { status: 'unknown-issuer', path, signatureValid: leafSignature, issuer: leafIssuer };
}
