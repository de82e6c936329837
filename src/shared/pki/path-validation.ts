/**
 * The RFC 5280 §6.1 checks on one complete path, leaf first and trust anchor last, after chain.ts found it and
 * checked its signatures and validity periods. Like OpenSSL, the anchor's own constraints (basicConstraints,
 * keyUsage, pathLenConstraint, nameConstraints, critical extensions) apply to the path below it (RFC 5937 §2
 * lets an anchor carry constraints); a v1/v2 certificate may issue only as an anchor.
 * Pure and synchronous: every input is already parsed (extensions are read once per certificate).
 */
import type { ChainStatus } from './certificate-report';
import { nameConstraintViolation } from './name-constraints';
import { EXT_KEY_USAGES } from './oids';
import type { ParsedCertificate } from './parse-certificate';

export interface PathFailure {
  readonly status: ChainStatus;
  /** The rule that failed and where, one English line for logs and the CLI. */
  readonly rule: string;
}

/** What the leaf must be good for. */
export interface ChainPurpose {
  /** extendedKeyUsage purposes (short names or dotted OIDs); anyExtendedKeyUsage always counts. */
  readonly extKeyUsages: readonly string[];
  /** More accepted purposes, e.g. a CA profile's own login EKU OIDs. */
  readonly extraExtKeyUsages?: readonly string[];
  /** A keyUsage bit the leaf must have when it has keyUsage at all (RFC 5280 §4.2.1.3). */
  readonly keyUsage?: string;
}

/** Signing in to a site is TLS-client-like: id-kp-clientAuth (RFC 5280 §4.2.1.12) with a signature key. */
export const SIGN_IN_PURPOSE: ChainPurpose = { extKeyUsages: ['clientAuth'], keyUsage: 'digitalSignature' };

export const isSelfIssued = (cert: ParsedCertificate): boolean => cert.subject.key === cert.issuer.key;

const nameOf = (cert: ParsedCertificate): string => `"${cert.subject.text}"`;

/** The leaf against the purpose (RFC 5280 §4.2.1.12: "If the extension is present, then the certificate MUST only be used for one of the purposes indicated"). */
export function purposeFailure(leaf: ParsedCertificate, purpose: ChainPurpose): PathFailure | null {
  const ext = leaf.extensions;
  if (purpose.keyUsage && ext.hasKeyUsage && !ext.keyUsage.includes(purpose.keyUsage)) {
    return { status: 'wrong-key-usage', rule: `RFC 5280 §4.2.1.3: keyUsage of ${nameOf(leaf)} lacks ${purpose.keyUsage}` };
  }
  if (!ext.hasExtKeyUsage) return null;
  const accepted = new Set(['anyExtendedKeyUsage', ...[...purpose.extKeyUsages, ...(purpose.extraExtKeyUsages ?? [])].map((p) => EXT_KEY_USAGES[p] ?? p)]);
  if (ext.extKeyUsage.some((usage) => accepted.has(usage))) return null;
  return {
    status: 'wrong-key-usage',
    rule: `RFC 5280 §4.2.1.12: extendedKeyUsage of ${nameOf(leaf)} (${ext.extKeyUsage.join(', ') || 'empty'}) has none of ${[...accepted].join(', ')}`,
  };
}

function criticalFailure(path: readonly ParsedCertificate[]): PathFailure | null {
  for (const cert of path) {
    const [oid] = cert.extensions.unknownCritical;
    if (oid !== undefined) {
      return { status: 'unknown-critical-extension', rule: `RFC 5280 §4.2, §6.1.4 (o): ${nameOf(cert)} has critical extension ${oid} that we do not process` };
    }
  }
  return null;
}

function issuerFailure(issuer: ParsedCertificate, anchor: boolean): PathFailure | null {
  if (!anchor && issuer.version < 3) {
    return { status: 'issuer-not-ca', rule: `RFC 5280 §6.1.4 (k): ${nameOf(issuer)} is a version ${issuer.version} certificate, an issuer only as a trust anchor` };
  }
  if (issuer.version >= 3 && issuer.extensions.isCa !== true) {
    return { status: 'issuer-not-ca', rule: `RFC 5280 §6.1.4 (k): ${nameOf(issuer)} does not assert basicConstraints cA=TRUE` };
  }
  if (issuer.extensions.hasKeyUsage && !issuer.extensions.keyUsage.includes('keyCertSign')) {
    return { status: 'issuer-key-usage', rule: `RFC 5280 §6.1.4 (n): keyUsage of ${nameOf(issuer)} lacks keyCertSign` };
  }
  return null;
}

/** §6.1.4 (l)–(m): max_path_length starts at the anchor's pathLenConstraint; self-issued intermediates do not count. */
function pathLengthFailure(path: readonly ParsedCertificate[]): PathFailure | null {
  const anchor = path[path.length - 1]!;
  let max = anchor.extensions.pathLen ?? Number.POSITIVE_INFINITY;
  for (let i = path.length - 2; i >= 1; i--) {
    const cert = path[i]!;
    if (!isSelfIssued(cert)) {
      if (max <= 0) return { status: 'path-too-long', rule: `RFC 5280 §6.1.4 (l): ${nameOf(cert)} exceeds the pathLenConstraint above it` };
      max -= 1;
    }
    const own = cert.extensions.pathLen;
    if (own !== null && own < max) max = own;
  }
  return null;
}

/** §6.1.3 (b)–(c), §6.1.4 (g): each CA's constraints bind every certificate below it, self-issued CAs excepted. */
function nameFailure(path: readonly ParsedCertificate[]): PathFailure | null {
  const leaf = path[0]!;
  if (leaf.extensions.nameConstraints && leaf.extensions.isCa !== true) {
    // §4.2.1.10: "The name constraints extension … MUST be used only in a CA certificate": a leaf claiming
    // constraints was made by software we should not trust with names.
    return { status: 'name-constraints', rule: `RFC 5280 §4.2.1.10: ${nameOf(leaf)} is not a CA certificate but carries nameConstraints` };
  }
  for (let i = path.length - 1; i >= 1; i--) {
    const ca = path[i]!;
    const constraints = ca.extensions.nameConstraints;
    if (!constraints) continue;
    for (let j = i - 1; j >= 0; j--) {
      const cert = path[j]!;
      if (j > 0 && isSelfIssued(cert)) continue;
      const violation = nameConstraintViolation(cert, constraints);
      if (violation) {
        return { status: 'name-constraints', rule: `RFC 5280 §4.2.1.10: in ${nameOf(cert)}, ${violation} by the nameConstraints of ${nameOf(ca)}` };
      }
    }
  }
  return null;
}

/** The first §6.1 rule the path breaks, or null when it holds. `path[0]` is the leaf, the last entry the anchor. */
export function validatePath(path: readonly ParsedCertificate[], purpose?: ChainPurpose): PathFailure | null {
  const critical = criticalFailure(path);
  if (critical) return critical;
  for (let i = path.length - 1; i >= 1; i--) {
    const failure = issuerFailure(path[i]!, i === path.length - 1);
    if (failure) return failure;
  }
  return pathLengthFailure(path) ?? nameFailure(path) ?? (purpose ? purposeFailure(path[0]!, purpose) : null);
}
