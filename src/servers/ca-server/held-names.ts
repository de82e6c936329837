/**
 * The names a requester already holds (issue 14 §2): a certificate's subject and subjectAltName as DER, and
 * whether a request asks for exactly those. Subjects compare by their normalised key (the same normalisation as
 * chain building: UTF8String and PrintableString spellings of one value are one name); subjectAltName by DER.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type Extensions, Name, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import { constantTimeEqual } from '../../shared/cmp';
import { readChildren, readTlv, readNameDer } from '../../shared/pki';

export interface HeldNames {
  /** DER Name. */
  readonly subject: Uint8Array;
  /** DER GeneralNames (the extnValue), or null when the certificate has none. */
  readonly subjectAltName: Uint8Array | null;
}

export function sanOf(extensions: Extensions | undefined): Uint8Array | null {
  const ext = extensions?.find((e) => e.extnID === id_ce_subjectAltName);
  return ext ? new Uint8Array(ext.extnValue.buffer) : null;
}

const SEQUENCE = 0x30;
const OCTET_STRING = 0x04;
const BOOLEAN = 0x01;
const VERSION_TAG = 0xa0;
const EXTENSIONS_TAG = 0xa3;
/** DER of OBJECT IDENTIFIER 2.5.29.17 (id-ce-subjectAltName). */
const SAN_OID = [0x06, 0x03, 0x55, 0x1d, 0x11];

/**
 * Subject and subjectAltName read straight from the DER (RFC 5280 §4.1: tbsCertificate fields in order, the
 * extensions in [3]) — the exact bytes the certificate carries, without a second full parse per request (the
 * issue 14 §4 profile showed the full parse). A certificate this reader cannot walk falls back to the parser.
 */
export function heldNamesOf(certificateDer: Uint8Array): HeldNames {
  const certificate = readTlv(certificateDer);
  const parts = certificate?.tag === SEQUENCE && certificate.raw.length === certificateDer.length ? readChildren(certificate.content) : null;
  const tbs = parts?.length === 3 ? parts[0] : undefined;
  const fields = tbs?.tag === SEQUENCE ? readChildren(tbs.content) : null;
  if (!fields) return parsedHeldNames(certificateDer);
  const start = fields[0]?.tag === VERSION_TAG ? 1 : 0;
  // RFC 5280 §4.1: serialNumber INTEGER, signature, issuer, validity, subject, subjectPublicKeyInfo (SEQUENCEs),
  // then only [1] issuerUniqueID, [2] subjectUniqueID, [3] extensions. Any other layout: the full parser decides.
  const expected = [0x02, SEQUENCE, SEQUENCE, SEQUENCE, SEQUENCE, SEQUENCE];
  const rest = fields.slice(start + expected.length);
  if (
    fields.length < start + expected.length ||
    expected.some((tag, i) => fields[start + i]!.tag !== tag) ||
    rest.some((f) => f.tag !== 0x81 && f.tag !== 0x82 && f.tag !== EXTENSIONS_TAG)
  ) {
    return parsedHeldNames(certificateDer);
  }
  const subject = fields[start + 4]!;
  const extensions = rest.find((f) => f.tag === EXTENSIONS_TAG);
  let subjectAltName: Uint8Array | null = null;
  if (extensions) {
    const list = readTlv(extensions.content);
    const entries = list?.tag === SEQUENCE && list.raw.length === extensions.content.length ? readChildren(list.content) : null;
    if (!entries) return parsedHeldNames(certificateDer);
    for (const extension of entries) {
      const parts = extension.tag === SEQUENCE ? readChildren(extension.content) : null;
      const value = parts?.[parts.length - 1];
      // Anything but OID [BOOLEAN] OCTET STRING: let the full parser decide.
      if (!parts || parts.length < 2 || parts.length > 3 || parts[0]!.tag !== 0x06 || (parts.length === 3 && parts[1]!.tag !== BOOLEAN) || value?.tag !== OCTET_STRING) {
        return parsedHeldNames(certificateDer);
      }
      const oid = parts[0]!.raw;
      // The first, as the parser's find() does (RFC 5280 §4.2 allows one instance; the CA signs no duplicates).
      if (subjectAltName === null && oid.length === SAN_OID.length && SAN_OID.every((b, i) => oid[i] === b)) subjectAltName = value.content.slice();
    }
  }
  return { subject: subject.raw.slice(), subjectAltName };
}

export function parsedHeldNames(certificateDer: Uint8Array): HeldNames {
  const tbs = AsnConvert.parse(certificateDer, Certificate).tbsCertificate;
  return { subject: new Uint8Array(AsnConvert.serialize(tbs.subject)), subjectAltName: sanOf(tbs.extensions) };
}

export function sameSubject(a: Uint8Array, b: Uint8Array): boolean {
  if (constantTimeEqual(a, b)) return true;
  try {
    return readNameDer(a).key === readNameDer(b).key;
  } catch {
    return false;
  }
}

/** DER of a template's subject Name, when it names one. */
export const templateSubjectDer = (subject: Name | undefined): Uint8Array | undefined =>
  subject ? new Uint8Array(AsnConvert.serialize(subject)) : undefined;

/**
 * Which names a request asked for, against the names it may have: an absent subject or subjectAltName means
 * "what I hold"; anything else must be equal. Returns the reason when it is not.
 */
export function namesRefusal(asked: { subject?: Uint8Array; subjectAltName?: Uint8Array | null }, held: HeldNames): string | null {
  if (asked.subject && AsnConvert.parse(asked.subject, Name).length > 0 && !sameSubject(asked.subject, held.subject)) {
    return `the request asks for subject ${readNameDer(asked.subject).text}, but the requester may only have ${readNameDer(held.subject).text}`;
  }
  if (asked.subjectAltName && !(held.subjectAltName && constantTimeEqual(asked.subjectAltName, held.subjectAltName))) {
    return 'the request asks for a subjectAltName the requester does not hold';
  }
  return null;
}
