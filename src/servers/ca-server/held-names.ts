/**
 * The names a requester already holds (issue 14 §2): a certificate's subject and subjectAltName as DER, and
 * whether a request asks for exactly those. Subjects compare by their normalised key (the same normalisation as
 * chain building: UTF8String and PrintableString spellings of one value are one name); subjectAltName by DER.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type Extensions, Name, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import { constantTimeEqual } from '../../shared/cmp/protection';
import { readNameDer } from '../../shared/pki/names';

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

export function heldNamesOf(certificateDer: Uint8Array): HeldNames {
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
