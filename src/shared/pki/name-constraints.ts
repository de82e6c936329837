/**
 * Whether a certificate's names lie within one CA's nameConstraints (RFC 5280 §4.2.1.10, §6.1.3 (b)–(c)).
 * Each CA's extension is checked on its own: a name must be inside that CA's permitted subtrees of its type (when
 * the CA names any of that type) and outside all its excluded ones — which is what intersecting the permitted
 * sets along the path (§6.1.4 (g)) amounts to. Directory names compare RDN by RDN with the same folding as chain
 * building (names.ts), so a Chinese O= in UTF8String matches the same text a CA wrote as PrintableString bytes.
 * Name forms we cannot compare (otherName, x400Address, ediPartyName, registeredID, URI) fail closed when the CA
 * constrains that form and the certificate carries one.
 */
import type { GeneralName, GeneralNameKind, GeneralSubtree, NameConstraints } from './general-names';
import type { ParsedCertificate } from './parse-certificate';

const EMAIL_ADDRESS = '1.2.840.113549.1.9.1';

const lower = (text: string): string => text.toLowerCase();

/** RFC 1034 §3.5 preferred name syntax (underscore tolerated), optionally after one leading "*." wildcard label. */
const DNS_NAME = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.?$/i;

/** dNSName: the constraint's labels end the name ("example.cn" covers "a.example.cn"); "" covers all. */
function dnsWithin(name: string, constraint: string): boolean {
  const n = lower(name).replace(/\.$/, '');
  const c = lower(constraint).replace(/\.$/, '');
  if (c === '') return true;
  if (c.startsWith('.')) return n.endsWith(c); // a leading period (not in §4.2.1.10, common): subdomains only
  return n === c || n.endsWith(`.${c}`);
}

/** rfc822Name: a mailbox, a host ("example.cn") or a domain (".example.cn"), per §4.2.1.10. */
function emailWithin(name: string, constraint: string): boolean | null {
  const at = name.indexOf('@');
  if (at <= 0 || at === name.length - 1 || name.indexOf('@', at + 1) !== -1) return null;
  const host = lower(name.slice(at + 1));
  if (constraint.includes('@')) {
    const cat = constraint.lastIndexOf('@');
    return name.slice(0, at) === constraint.slice(0, cat) && host === lower(constraint.slice(cat + 1));
  }
  if (constraint.startsWith('.')) return host.endsWith(lower(constraint));
  return host === lower(constraint);
}

/** iPAddress: address and mask of 8 (IPv4) or 32 (IPv6) octets; null when the constraint is malformed. */
function ipWithin(address: Uint8Array, constraint: Uint8Array): boolean | null {
  if (constraint.length !== 8 && constraint.length !== 32) return null;
  const half = constraint.length / 2;
  if (address.length !== half) return false;
  for (let i = 0; i < half; i++) {
    const mask = constraint[half + i]!;
    if ((address[i]! & mask) !== (constraint[i]! & mask)) return false;
  }
  return true;
}

function dnWithin(name: readonly string[], constraint: readonly string[]): boolean {
  if (constraint.length > name.length) return false;
  return constraint.every((rdn, i) => rdn === name[i]);
}

/** true / false, or null when the comparison is not possible (malformed name or constraint). */
function within(name: GeneralName, base: GeneralName): boolean | null {
  // A malformed name cannot be shown to lie inside a subtree (RFC 5280 §6.1.3 (b)): null, which fails closed.
  if (name.kind === 'dNSName' && base.kind === 'dNSName') return DNS_NAME.test(name.value) ? dnsWithin(name.value, base.value) : null;
  if (name.kind === 'rfc822Name' && base.kind === 'rfc822Name') return emailWithin(name.value, base.value);
  if (name.kind === 'iPAddress' && base.kind === 'iPAddress') return ipWithin(name.bytes, base.bytes);
  if (name.kind === 'directoryName' && base.kind === 'directoryName') return dnWithin(name.name.rdnKeys, base.name.rdnKeys);
  return null;
}

/** The names §4.2.1.10 constrains: the subject DN (when not empty), its emailAddress attributes, subjectAltName. */
function namesOf(cert: ParsedCertificate): GeneralName[] {
  const names: GeneralName[] = [...cert.extensions.subjectAltNames];
  if (cert.subject.rdns.length > 0) names.push({ kind: 'directoryName', name: cert.subject });
  for (const rdn of cert.subject.rdns) {
    for (const atv of rdn) if (atv.oid === EMAIL_ADDRESS) names.push({ kind: 'rfc822Name', value: atv.value });
  }
  return names;
}

const describe = (name: GeneralName): string => {
  switch (name.kind) {
    case 'directoryName':
      return `directoryName "${name.name.text}"`;
    case 'iPAddress':
      return `iPAddress ${[...name.bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    case 'dNSName':
    case 'rfc822Name':
    case 'uniformResourceIdentifier':
      return `${name.kind} "${name.value}"`;
    default:
      return name.kind;
  }
};

const ofKind = (subtrees: readonly GeneralSubtree[], kind: GeneralNameKind): GeneralSubtree[] => subtrees.filter((s) => s.base.kind === kind);

/**
 * A wildcard dNSName ("*.example.cn", RFC 6125 §6.4.3) stands for names one label below its base: it is excluded
 * when an excluded subtree lies under that base (it could name that host), so the wildcard cannot slip past.
 */
function excludedWildcard(name: GeneralName, base: GeneralName): boolean {
  return name.kind === 'dNSName' && base.kind === 'dNSName' && name.value.startsWith('*.') && dnsWithin(base.value, name.value.slice(2));
}

/** Names × subtrees we compare at most per certificate and CA (OpenSSL's bound, PR 4393): quadratic work is capped. */
const MAX_COMPARISONS = 1 << 20;

/** The first name of `cert` outside `constraints`, described for the report; null when all are inside. */
export function nameConstraintViolation(cert: ParsedCertificate, constraints: NameConstraints): string | null {
  for (const subtree of [...constraints.permitted, ...constraints.excluded]) {
    if (!subtree.conforming) return 'a subtree with minimum or maximum (RFC 5280 §4.2.1.10 forbids them)';
  }
  const names = namesOf(cert);
  if (names.length * (constraints.permitted.length + constraints.excluded.length) > MAX_COMPARISONS) {
    return `${names.length} names against ${constraints.permitted.length + constraints.excluded.length} subtrees, more than we check`;
  }
  for (const name of names) {
    const permitted = ofKind(constraints.permitted, name.kind);
    if (permitted.length > 0 && !permitted.some((s) => within(name, s.base) === true)) return `${describe(name)} is not permitted`;
    // A comparison that cannot be made counts as a match for exclusion (fail closed).
    if (ofKind(constraints.excluded, name.kind).some((s) => within(name, s.base) !== false || excludedWildcard(name, s.base))) {
      return `${describe(name)} is excluded`;
    }
  }
  return null;
}
