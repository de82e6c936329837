/**
 * Path building from a certificate to a trust anchor (RFC 5280 §6; RFC 4158 for the search): issuers are found by
 * name (and key identifier when present), each link's signature is checked through the signature registry,
 * every certificate above the leaf must be within its validity, and each complete path must pass the §6.1
 * checks of path-validation.ts. When a path fails, the search backtracks to other issuers of the same name
 * (a renewed CA, a cross-certificate), within a work budget so a crafted pool cannot make it explode.
 * Like OpenSSL, an anchor's own signature is not checked.
 */
import type { ChainStatus } from './certificate-report';
import { parseCertificate, type ParsedCertificate } from './parse-certificate';
import { isSelfIssued, purposeFailure, validatePath, type ChainPurpose, type PathFailure } from './path-validation';
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
  /** The certificates of `path`, leaf first (the anchor last when trusted): revocation checks every link. */
  readonly certificates: readonly ParsedCertificate[];
  /** The rule that refused the path (RFC 5280 section and the certificate), when one did. */
  readonly rule?: string;
}

interface Candidate {
  readonly cert: ParsedCertificate;
  readonly anchor: boolean;
}

/** Certificates above the leaf (RFC 5280 §6.1 puts no limit; ours keeps the search small). */
const MAX_DEPTH = 8;
/** Signature checks one search may spend: enough for every real pool, bounded for a hostile one. */
const WORK_BUDGET = 64;
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

function couldIssue(issuer: ParsedCertificate, child: ParsedCertificate): boolean {
  if (issuer.subject.key !== child.issuer.key) return false;
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

/** RFC 5280 §4.1.2.5 encodes validity to the second: the time is compared at that granularity (floored). */
const within = (cert: ParsedCertificate, now: Date): boolean => {
  const t = Math.floor(now.getTime() / 1000) * 1000;
  return cert.notBefore.getTime() <= t && t <= cert.notAfter.getTime();
};

export interface BuildChainOptions extends VerifyOptions {
  readonly now: Date;
  /** Other certificates that came with this one (same file or token): usable as intermediates, never anchors. */
  readonly extraCertificates?: readonly Uint8Array[];
  /** What the leaf must be good for (e.g. SIGN_IN_PURPOSE); absent = any use (the app's certificate view). */
  readonly purpose?: ChainPurpose;
  /** At most this many certificates between the leaf and the anchor; default and ceiling 7. */
  readonly maxIntermediates?: number;
}

/** How far a failed attempt got: a refusal of a complete path says more than "no issuer". */
const RANK: Partial<Record<ChainStatus, number>> = { 'unknown-issuer': 0, 'bad-signature': 1, 'issuer-expired': 2 };
const rankOf = (status: ChainStatus): number => RANK[status] ?? 3;

interface Outcome {
  readonly status: ChainStatus;
  readonly certificates: readonly ParsedCertificate[];
  readonly rule?: string;
}

class PathSearch {
  private budget = WORK_BUDGET;
  private best: Outcome | null = null;
  /** The leaf's issuer and whether its signature held (the report's signatureValid and revocation issuer). */
  leafIssuer: ParsedCertificate | null = null;
  leafSignature: boolean | null = null;

  constructor(
    private readonly pool: readonly Candidate[],
    private readonly options: BuildChainOptions,
    private readonly maxIntermediates: number,
  ) {}

  private note(outcome: Outcome): void {
    if (!this.best || rankOf(outcome.status) > rankOf(this.best.status)) this.best = outcome;
  }

  result(leaf: ParsedCertificate): Outcome {
    return this.best ?? { status: 'unknown-issuer', certificates: [leaf] };
  }

  /** Depth-first from the last certificate of `path`; returns the trusted outcome or null (failures noted). */
  async extend(path: readonly ParsedCertificate[]): Promise<Outcome | null> {
    const current = path[path.length - 1]!;
    const onPath = (c: ParsedCertificate): boolean =>
      path.some((p) => p.fingerprints.sha256 === c.fingerprints.sha256 || (p.subject.key === c.subject.key && p.spki.length === c.spki.length && p.spki.every((b, i) => b === c.spki[i])));
    const candidates = this.pool.filter((c) => !onPath(c.cert) && couldIssue(c.cert, current));
    if (candidates.length === 0) {
      this.note({ status: 'unknown-issuer', certificates: path });
      return null;
    }
    // Prefer anchors, then issuers valid now, so a renewed CA certificate wins over its expired predecessor.
    const now = this.options.now;
    candidates.sort((a, b) => Number(b.anchor) - Number(a.anchor) || Number(within(b.cert, now)) - Number(within(a.cert, now)));
    for (const candidate of candidates) {
      if (this.budget-- <= 0) {
        this.note({ status: 'unknown-issuer', certificates: path, rule: 'path search gave up: too many candidate issuers (RFC 4158 §3)' });
        return null;
      }
      const signed = await verifies(current, candidate.cert, this.options);
      if (path.length === 1 && this.leafSignature !== true && (signed || this.leafIssuer === null)) {
        this.leafIssuer = candidate.cert;
        this.leafSignature = signed;
      }
      const next = [...path, candidate.cert];
      if (!signed) {
        this.note({ status: 'bad-signature', certificates: path });
        continue;
      }
      if (!within(candidate.cert, now)) {
        this.note({ status: 'issuer-expired', certificates: next, rule: `RFC 5280 §6.1.3 (a)(2): "${candidate.cert.subject.text}" is outside its validity period` });
        continue;
      }
      if (candidate.anchor) {
        const failure: PathFailure | null = validatePath(next, this.options.purpose);
        if (!failure) return { status: 'trusted', certificates: next };
        this.note({ status: failure.status, certificates: next, rule: failure.rule });
        continue;
      }
      if (isSelfIssued(candidate.cert) && verifiesSelf(candidate.cert)) {
        // Reached a root that is not a trust anchor.
        this.note({ status: 'unknown-issuer', certificates: next });
        continue;
      }
      // Self-issued intermediates (re-keyed CAs) are one logical CA, as in §6.1.4 (l).
      if (next.slice(1).filter((c) => !isSelfIssued(c)).length > this.maxIntermediates) {
        this.note({ status: 'path-too-long', certificates: next, rule: `more than ${this.maxIntermediates} certificates between the certificate and a trust anchor` });
        continue;
      }
      const found = await this.extend(next);
      if (found) return found;
    }
    return null;
  }
}

/** A self-issued certificate whose key is its issuer's: a root (self-issued re-keying certificates go on). */
function verifiesSelf(cert: ParsedCertificate): boolean {
  const aki = cert.extensions.authorityKeyId;
  const ski = cert.extensions.subjectKeyId;
  return aki === null || ski === null || aki === ski;
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
    const issuer = isSelfIssued(leaf) ? leaf : null;
    const failure = options.purpose ? purposeFailure(leaf, options.purpose) : null;
    return failure
      ? { status: failure.status, rule: failure.rule, path, signatureValid: own, issuer, certificates: [leaf] }
      : { status: 'trusted', path, signatureValid: own, issuer, certificates: [leaf] };
  }
  if (isSelfIssued(leaf) && verifiesSelf(leaf)) {
    const own = await verifies(leaf, leaf, options);
    return { status: own ? 'self-signed' : 'bad-signature', path, signatureValid: own, issuer: leaf, certificates: [leaf] };
  }

  const search = new PathSearch(pool, options, Math.min(options.maxIntermediates ?? MAX_DEPTH - 1, MAX_DEPTH - 1));
  const outcome = (await search.extend([leaf])) ?? search.result(leaf);
  return {
    status: outcome.status,
    path: outcome.certificates.map((c) => c.subject.text),
    signatureValid: search.leafSignature,
    issuer: outcome.status === 'trusted' ? (outcome.certificates[1] ?? null) : search.leafIssuer,
    certificates: outcome.certificates,
    ...(outcome.rule === undefined ? {} : { rule: outcome.rule }),
  };
}
