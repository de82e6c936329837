/**
 * One X.509 certificate (RFC 5280 §4.1) read into plain fields. Uses @peculiar/asn1-x509 directly because the
 * exact to-be-signed bytes (tbsCertificateRaw) are needed for our own SM2 verification.
 * Malformed input gives CertificateParseError from the decode steps only; our readers never wrap their own bugs.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { readChildren, readTlv } from './der-reader';
import { CertificateParseError } from './errors';
import { readExtensions, type CertificateExtensions } from './extensions';
import { readName, type DistinguishedName } from './names';
import { SIGNATURE_ALGORITHMS } from './oids';
import { describePublicKey, type PublicKeyInfo } from './public-key';

const SEQUENCE = 0x30;
const CONTEXT_0_CONSTRUCTED = 0xa0;

export interface ParsedCertificate {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  /** 1, 2 or 3 (RFC 5280 §4.1.2.1: the encoded value plus one). */
  readonly version: number;
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  /** Lowercase hex without leading zero bytes. */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** DER SubjectPublicKeyInfo. */
  readonly spki: Uint8Array;
  readonly publicKey: PublicKeyInfo;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  /** OpenSSL-style name, or the dotted OID when unknown. */
  readonly signatureAlgorithmName: string;
  readonly signature: Uint8Array;
  readonly extensions: CertificateExtensions;
  readonly fingerprints: { readonly sha256: string; readonly sha1: string };
}

export function serialToHex(serial: ArrayBuffer): string {
  const hex = bytesToHex(new Uint8Array(serial)).replace(/^(00)+/, '');
  return hex === '' ? '00' : hex;
}

/**
 * The exact DER of subjectPublicKeyInfo inside tbsCertificate (RFC 5280 §4.1: the 7th field, the 6th without the
 * [0] version). Taken as encoded, not re-serialised: re-encoding a mutated field can fail or change the bytes.
 */
function rawSpki(tbs: Uint8Array): Uint8Array {
  const sequence = readTlv(tbs);
  const fields = sequence ? readChildren(sequence.content) : null;
  const field = fields?.[fields[0]?.tag === CONTEXT_0_CONSTRUCTED ? 6 : 5];
  if (!field || field.tag !== SEQUENCE) throw new CertificateParseError('certificate', 'subjectPublicKeyInfo is not where RFC 5280 puts it');
  return field.raw.slice();
}

function validDate(date: Date, field: string): Date {
  if (Number.isNaN(date.getTime())) throw new CertificateParseError('certificate', `${field} is not a valid time`);
  return date;
}

export function parseCertificate(der: Uint8Array): ParsedCertificate {
  // Only the ASN.1 decode is turned into CertificateParseError (issue 7 §6): a bug in our own field readers must
  // surface as what it is (TypeError, RangeError), not hide as "malformed input" in the property tests.
  let cert: Certificate;
  try {
    cert = AsnConvert.parse(der, Certificate);
  } catch (cause) {
    throw new CertificateParseError('certificate', 'not a DER X.509 certificate', { cause });
  }
  const tbsCert = cert.tbsCertificate;
  if (!cert.tbsCertificateRaw) throw new CertificateParseError('certificate', 'tbsCertificate bytes are missing');
  const tbs = new Uint8Array(cert.tbsCertificateRaw);
  const spki = rawSpki(tbs);
  const oid = cert.signatureAlgorithm.algorithm;
  return {
    der,
    tbs,
    version: tbsCert.version + 1,
    subject: readName(tbsCert.subject),
    issuer: readName(tbsCert.issuer),
    serialNumber: serialToHex(tbsCert.serialNumber),
    notBefore: validDate(tbsCert.validity.notBefore.getTime(), 'notBefore'),
    notAfter: validDate(tbsCert.validity.notAfter.getTime(), 'notAfter'),
    spki,
    publicKey: describePublicKey(tbsCert.subjectPublicKeyInfo),
    signatureAlgorithm: cert.signatureAlgorithm,
    signatureAlgorithmName: SIGNATURE_ALGORITHMS[oid]?.name ?? oid,
    signature: new Uint8Array(cert.signatureValue),
    extensions: readExtensions(tbsCert.extensions),
    fingerprints: { sha256: bytesToHex(sha256(der)), sha1: bytesToHex(sha1(der)) },
  };
}
