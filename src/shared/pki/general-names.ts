/**
 * GeneralName (RFC 5280 §4.2.1.6) read from its DER with our own TLV walker: asn1-x509 turns iPAddress into text
 * and loses the address/mask split that name constraints (§4.2.1.10) need, so the bytes are kept here.
 * Used for subjectAltName and for the subtrees of nameConstraints.
 */
import { readChildren, readTlv, type Tlv } from './der-reader';
import { CertificateParseError } from './errors';
import { readNameDer, type DistinguishedName } from './names';

export type GeneralName =
  | { readonly kind: 'rfc822Name' | 'dNSName' | 'uniformResourceIdentifier'; readonly value: string }
  | { readonly kind: 'iPAddress'; readonly bytes: Uint8Array }
  | { readonly kind: 'directoryName'; readonly name: DistinguishedName }
  | { readonly kind: 'otherName' | 'x400Address' | 'ediPartyName' | 'registeredID' };

export type GeneralNameKind = GeneralName['kind'];

export interface GeneralSubtree {
  readonly base: GeneralName;
  /** RFC 5280 §4.2.1.10: minimum MUST be zero and maximum MUST be absent; false when a CA broke that. */
  readonly conforming: boolean;
}

export interface NameConstraints {
  readonly permitted: readonly GeneralSubtree[];
  readonly excluded: readonly GeneralSubtree[];
}

const fail = (what: string): never => {
  throw new CertificateParseError('extension', what);
};

/** IA5String content (X.680 §41: 7-bit); anything else is not a name we can compare safely. */
function ia5(content: Uint8Array, what: string): string {
  let text = '';
  for (const byte of content) {
    if (byte > 0x7f) fail(`${what} is not IA5String`);
    text += String.fromCharCode(byte);
  }
  return text;
}

const KIND_BY_TAG: Readonly<Record<number, GeneralNameKind>> = {
  0xa0: 'otherName',
  0x81: 'rfc822Name',
  0x82: 'dNSName',
  0xa3: 'x400Address',
  0xa4: 'directoryName',
  0xa5: 'ediPartyName',
  0x86: 'uniformResourceIdentifier',
  0x87: 'iPAddress',
  0x88: 'registeredID',
};

export function readGeneralName(tlv: Tlv): GeneralName {
  const kind = KIND_BY_TAG[tlv.tag] ?? fail(`GeneralName has unknown tag 0x${tlv.tag.toString(16)}`);
  switch (kind) {
    case 'rfc822Name':
    case 'dNSName':
    case 'uniformResourceIdentifier':
      return { kind, value: ia5(tlv.content, kind) };
    case 'iPAddress':
      return { kind, bytes: tlv.content.slice() };
    case 'directoryName': {
      // [4] is EXPLICIT because Name is a CHOICE (X.680 §31.2.7): the content is one complete Name.
      const inner = readTlv(tlv.content);
      if (!inner || inner.raw.length !== tlv.content.length) return fail('directoryName is not one Name');
      try {
        return { kind, name: readNameDer(inner.raw) };
      } catch (cause) {
        throw new CertificateParseError('extension', 'directoryName is malformed', { cause });
      }
    }
    default:
      return { kind };
  }
}

function sequenceChildren(der: Uint8Array, what: string): Tlv[] {
  const outer = readTlv(der);
  if (!outer || outer.tag !== 0x30 || outer.raw.length !== der.length) return fail(`${what} is not one SEQUENCE`);
  return readChildren(outer.content) ?? fail(`${what} has malformed elements`);
}

/** GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName (subjectAltName's value). */
export function readGeneralNames(der: Uint8Array, what: string): GeneralName[] {
  const children = sequenceChildren(der, what);
  if (children.length === 0) fail(`${what} is empty`);
  return children.map(readGeneralName);
}

function readSubtrees(tlv: Tlv): GeneralSubtree[] {
  const subtrees = readChildren(tlv.content) ?? fail('GeneralSubtrees has malformed elements');
  if (subtrees.length === 0) fail('GeneralSubtrees is empty');
  return subtrees.map((subtree) => {
    if (subtree.tag !== 0x30) fail('GeneralSubtree is not a SEQUENCE');
    const [base, ...rest] = readChildren(subtree.content) ?? fail('GeneralSubtree has malformed elements');
    if (!base) return fail('GeneralSubtree has no base');
    // minimum [0] DEFAULT 0 is absent in DER when zero; any minimum or maximum present breaks §4.2.1.10.
    return { base: readGeneralName(base), conforming: rest.length === 0 };
  });
}

/** NameConstraints ::= SEQUENCE { permittedSubtrees [0] OPTIONAL, excludedSubtrees [1] OPTIONAL } (§4.2.1.10). */
export function readNameConstraints(der: Uint8Array): NameConstraints {
  const children = sequenceChildren(der, 'nameConstraints');
  let permitted: GeneralSubtree[] = [];
  let excluded: GeneralSubtree[] = [];
  let last = -1;
  for (const child of children) {
    const index = child.tag === 0xa0 ? 0 : child.tag === 0xa1 ? 1 : fail('nameConstraints has an unknown field');
    if (index <= last) fail('nameConstraints fields are repeated or out of order');
    last = index;
    if (index === 0) permitted = readSubtrees(child);
    else excluded = readSubtrees(child);
  }
  // §4.2.1.10: "Conforming CAs MUST NOT issue certificates where name constraints is an empty sequence."
  if (children.length === 0) fail('nameConstraints is empty');
  return { permitted, excluded };
}
