/**
 * The certificate extensions the report, chain building and path validation use (RFC 5280 §4.2.1), read once
 * per certificate so that validating a path costs no re-parsing. Critical extensions we do not process are
 * listed, so path validation can refuse them (§4.2: "A certificate-using system MUST reject the certificate if
 * it encounters a critical extension it does not recognize").
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  CRLDistributionPoints,
  ExtendedKeyUsage,
  KeyUsage,
  SubjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  type Extensions,
} from '@peculiar/asn1-x509';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CertificateParseError } from './errors';
import { readGeneralNames, readNameConstraints, type GeneralName, type NameConstraints } from './general-names';
import { EXT_KEY_USAGES } from './oids';

const id_ce_subjectAltName = '2.5.29.17';
const id_ce_nameConstraints = '2.5.29.30';
const id_ce_certificatePolicies = '2.5.29.32';

/**
 * Extensions whose criticality we honour. certificatePolicies is processed trivially: we validate with
 * user-initial-policy-set = anyPolicy and initial-explicit-policy unset (RFC 5280 §6.1.1 (c), (f)), under which
 * §6.1 never refuses for policies alone unless a policyConstraints extension requires an explicit policy — and
 * policyConstraints, policyMappings and inhibitAnyPolicy are not here, so a critical one is refused.
 */
const PROCESSED = new Set<string>([
  id_ce_keyUsage,
  id_ce_extKeyUsage,
  id_ce_basicConstraints,
  id_ce_subjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
  id_ce_cRLDistributionPoints,
  id_ce_subjectAltName,
  id_ce_nameConstraints,
  id_ce_certificatePolicies,
]);

export interface CertificateExtensions {
  /** RFC 5280 §4.2.1.3 bit names in bit order (digitalSignature, nonRepudiation, …). */
  readonly keyUsage: readonly string[];
  readonly hasKeyUsage: boolean;
  readonly extKeyUsage: readonly string[];
  readonly hasExtKeyUsage: boolean;
  /** null when the extension is absent. */
  readonly isCa: boolean | null;
  /** basicConstraints pathLenConstraint (§4.2.1.9); null when absent. */
  readonly pathLen: number | null;
  /** subjectAltName entries (§4.2.1.6); empty when absent. */
  readonly subjectAltNames: readonly GeneralName[];
  readonly nameConstraints: NameConstraints | null;
  /** OIDs of critical extensions not in PROCESSED. */
  readonly unknownCritical: readonly string[];
  readonly subjectKeyId: string | null;
  readonly authorityKeyId: string | null;
  /** http(s)/ldap URIs where the CA publishes its CRL. */
  readonly crlUrls: readonly string[];
}

/** The ASN.1 decode of one extension value: the only step here that turns a failure into a typed error. */
function decode<T>(value: ArrayBuffer, type: new () => T, name: string): T {
  try {
    return AsnConvert.parse(value, type);
  } catch (cause) {
    throw new CertificateParseError('extension', `${name} extension is malformed`, { cause });
  }
}

/** RFC 5280 §4.2.1.3 KeyUsage bit names, bit 0 first (the names OpenSSL and asn1-x509 use). */
const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

function readKeyUsage(value: ArrayBuffer): string[] {
  const flags = decode(value, KeyUsage, 'keyUsage').toNumber();
  return KEY_USAGE_BITS.filter((_, bit) => (flags & (1 << bit)) !== 0);
}

export function readExtensions(extensions: Extensions | undefined): CertificateExtensions {
  let keyUsage: string[] = [];
  let hasKeyUsage = false;
  let extKeyUsage: string[] = [];
  let hasExtKeyUsage = false;
  let isCa: boolean | null = null;
  let pathLen: number | null = null;
  let subjectAltNames: GeneralName[] = [];
  let nameConstraints: NameConstraints | null = null;
  const unknownCritical: string[] = [];
  const seen = new Set<string>();
  let subjectKeyId: string | null = null;
  let authorityKeyId: string | null = null;
  const crlUrls: string[] = [];
  for (const ext of extensions ?? []) {
    const value = ext.extnValue.buffer;
    // §4.2: "A certificate MUST NOT include more than one instance of a particular extension."
    if (seen.has(ext.extnID)) throw new CertificateParseError('extension', `extension ${ext.extnID} appears twice`);
    seen.add(ext.extnID);
    if (ext.critical && !PROCESSED.has(ext.extnID)) unknownCritical.push(ext.extnID);
    switch (ext.extnID) {
      case id_ce_keyUsage:
        keyUsage = readKeyUsage(value);
        hasKeyUsage = true;
        break;
      case id_ce_extKeyUsage:
        extKeyUsage = decode(value, ExtendedKeyUsage, 'extKeyUsage').map((oid) => EXT_KEY_USAGES[oid] ?? oid);
        // §4.2.1.12: ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX): an empty one allows nothing and is malformed.
        if (extKeyUsage.length === 0) throw new CertificateParseError('extension', 'extKeyUsage is empty');
        hasExtKeyUsage = true;
        break;
      case id_ce_basicConstraints: {
        const constraints = decode(value, BasicConstraints, 'basicConstraints');
        isCa = constraints.cA;
        pathLen = constraints.pathLenConstraint ?? null;
        break;
      }
      case id_ce_subjectAltName:
        subjectAltNames = readGeneralNames(new Uint8Array(value), 'subjectAltName');
        break;
      case id_ce_nameConstraints:
        nameConstraints = readNameConstraints(new Uint8Array(value));
        break;
      case id_ce_subjectKeyIdentifier:
        subjectKeyId = bytesToHex(new Uint8Array(decode(value, SubjectKeyIdentifier, 'subjectKeyIdentifier').buffer));
        break;
      case id_ce_authorityKeyIdentifier: {
        const id = decode(value, AuthorityKeyIdentifier, 'authorityKeyIdentifier').keyIdentifier;
        authorityKeyId = id ? bytesToHex(new Uint8Array(id.buffer)) : null;
        break;
      }
      case id_ce_cRLDistributionPoints:
        for (const point of decode(value, CRLDistributionPoints, 'cRLDistributionPoints')) {
          for (const name of point.distributionPoint?.fullName ?? []) {
            if (name.uniformResourceIdentifier) crlUrls.push(name.uniformResourceIdentifier);
          }
        }
        break;
      default:
        break; // other extensions are kept out of the report; unknown ones never fail parsing
    }
  }
  return {
    keyUsage, hasKeyUsage, extKeyUsage, hasExtKeyUsage, isCa, pathLen, subjectAltNames, nameConstraints, unknownCritical,
    subjectKeyId, authorityKeyId, crlUrls,
  };
}
