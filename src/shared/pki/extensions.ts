/** The certificate extensions the report and chain building use (RFC 5280 §4.2.1). */
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
import { EXT_KEY_USAGES } from './oids';

export interface CertificateExtensions {
  /** RFC 5280 §4.2.1.3 bit names in bit order (digitalSignature, nonRepudiation, …). */
  readonly keyUsage: readonly string[];
  readonly hasKeyUsage: boolean;
  readonly extKeyUsage: readonly string[];
  /** null when the extension is absent. */
  readonly isCa: boolean | null;
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
  let isCa: boolean | null = null;
  let subjectKeyId: string | null = null;
  let authorityKeyId: string | null = null;
  const crlUrls: string[] = [];
  for (const ext of extensions ?? []) {
    const value = ext.extnValue.buffer;
    switch (ext.extnID) {
      case id_ce_keyUsage:
        keyUsage = readKeyUsage(value);
        hasKeyUsage = true;
        break;
      case id_ce_extKeyUsage:
        extKeyUsage = decode(value, ExtendedKeyUsage, 'extKeyUsage').map((oid) => EXT_KEY_USAGES[oid] ?? oid);
        break;
      case id_ce_basicConstraints:
        isCa = decode(value, BasicConstraints, 'basicConstraints').cA;
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
  return { keyUsage, hasKeyUsage, extKeyUsage, isCa, subjectKeyId, authorityKeyId, crlUrls };
}
