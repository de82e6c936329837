/**
 * PKIMessage to and from DER (RFC 9810 §5.1). Decoding keeps the exact bytes of header and body, because the
 * protection covers ProtectedPart ::= SEQUENCE { header, body } as sent (§5.1.3), not as we would re-encode it.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { readChildren, readTlv, type Tlv } from '../pki/der-reader';
import { concatBytes } from '../bytes/concat-bytes';
import { PkiHeader } from './asn1/header';
import { bodyTag, decodeBodyContent, encodeBodyContent, type PkiBody } from './body-codec';
import { derExplicit, derSequence, derTlv } from './der';
import { CmpDecodeError } from './errors';

/** Upper bound for a CMP message we accept (RFC 9811 gives none; 1 MiB is far above any single-cert reply). */
export const MAX_MESSAGE_BYTES = 1 << 20;

export interface PkiMessage {
  readonly header: PkiHeader;
  readonly body: PkiBody;
  /** BIT STRING value of the protection (signature or MAC), absent for unprotected messages. */
  readonly protection?: Uint8Array;
  /** DER certificates of extraCerts, as received (RFC 9810 §5.1.4). */
  readonly extraCerts: readonly Uint8Array[];
}

export interface DecodedPkiMessage extends PkiMessage {
  /** The exact DER of the whole message, of its header and of its body. */
  readonly raw: { readonly message: Uint8Array; readonly header: Uint8Array; readonly body: Uint8Array };
}

/** DER of ProtectedPart ::= SEQUENCE { header PKIHeader, body PKIBody } (RFC 9810 §5.1.3). */
export function protectedPart(headerDer: Uint8Array, bodyDer: Uint8Array): Uint8Array {
  return derSequence(headerDer, bodyDer);
}

export function encodeHeader(header: PkiHeader): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(header));
}

export function encodeBody(body: PkiBody): Uint8Array {
  return derExplicit(bodyTag(body), encodeBodyContent(body));
}

/** Assembles a message from encoded header and body (so that what was signed is exactly what is sent). */
export function assemblePkiMessage(
  headerDer: Uint8Array,
  bodyDer: Uint8Array,
  protection: Uint8Array | undefined,
  extraCerts: readonly Uint8Array[],
): Uint8Array {
  const parts = [headerDer, bodyDer];
  // BIT STRING with 0 unused bits, wrapped in [0] EXPLICIT.
  if (protection) parts.push(derExplicit(0, derTlv(0x03, concatBytes(new Uint8Array([0]), protection))));
  if (extraCerts.length > 0) parts.push(derExplicit(1, derSequence(...extraCerts)));
  return derSequence(...parts);
}

export function encodePkiMessage(message: PkiMessage): Uint8Array {
  return assemblePkiMessage(encodeHeader(message.header), encodeBody(message.body), message.protection, message.extraCerts);
}

function splitCertificates(sequenceDer: Uint8Array): Uint8Array[] {
  const outer = readTlv(sequenceDer);
  const children = outer && outer.tag === 0x30 && outer.raw.length === sequenceDer.length ? readChildren(outer.content) : null;
  if (!children) throw new CmpDecodeError('extraCerts', 'extraCerts is not a SEQUENCE OF Certificate');
  return children.map((c) => {
    if (c.tag !== 0x30) throw new CmpDecodeError('extraCerts', 'an extraCerts entry is not a Certificate');
    return c.raw.slice();
  });
}

/**
 * The four fields of PKIMessage ::= SEQUENCE { header, body, protection [0] OPTIONAL, extraCerts [1] OPTIONAL }
 * (RFC 9810 §5.1), split by their DER tags without decoding them: the full tree parse also walked every extra
 * certificate and the body, which are decoded on their own (issue 14 §4: the CA's largest single cost).
 */
function splitMessage(content: Uint8Array): { header: Tlv; body: Tlv; protection?: Tlv; extraCerts?: Tlv } {
  const fields = readChildren(content);
  if (!fields || fields.length < 2 || fields.length > 4) throw new CmpDecodeError('PKIMessage', 'not a DER PKIMessage');
  const [header, body, ...rest] = fields as [Tlv, Tlv, ...Tlv[]];
  if (header.tag !== 0x30) throw new CmpDecodeError('PKIHeader', 'header is not a SEQUENCE');
  let protection: Tlv | undefined;
  let extraCerts: Tlv | undefined;
  for (const field of rest) {
    if (field.tag === 0xa0 && !protection && !extraCerts) protection = field;
    else if (field.tag === 0xa1 && !extraCerts) extraCerts = field;
    else throw new CmpDecodeError('PKIMessage', 'not a DER PKIMessage');
  }
  return { header, body, ...(protection ? { protection } : {}), ...(extraCerts ? { extraCerts } : {}) };
}

/** The value of protection [0] EXPLICIT PKIProtection (a BIT STRING, X.690 §8.6): the bits without the count. */
function protectionBits(field: Tlv): Uint8Array {
  const bits = readTlv(field.content);
  if (!bits || bits.tag !== 0x03 || bits.raw.length !== field.content.length || bits.content.length < 1 || bits.content[0]! > 7) {
    throw new CmpDecodeError('PKIMessage', 'protection is not a BIT STRING');
  }
  return bits.content.slice(1);
}

/** Decodes a DER PKIMessage. Every malformed input gives CmpDecodeError. */
export function decodePkiMessage(der: Uint8Array): DecodedPkiMessage {
  if (der.length > MAX_MESSAGE_BYTES) throw new CmpDecodeError('PKIMessage', `message larger than ${MAX_MESSAGE_BYTES} bytes`);
  const outer = readTlv(der);
  if (!outer || outer.tag !== 0x30 || outer.raw.length !== der.length) {
    throw new CmpDecodeError('PKIMessage', 'not a single DER SEQUENCE');
  }
  const fields = splitMessage(outer.content);
  let header: PkiHeader;
  try {
    header = AsnConvert.parse(fields.header.raw, PkiHeader);
  } catch (cause) {
    throw new CmpDecodeError('PKIMessage', 'not a DER PKIMessage', { cause });
  }
  const bodyTlv = fields.body;
  if ((bodyTlv.tag & 0xe0) !== 0xa0) {
    throw new CmpDecodeError('PKIBody', 'body is not a context-tagged constructed element');
  }
  const tag = bodyTlv.tag & 0x1f;
  let body: PkiBody;
  try {
    body = decodeBodyContent(tag, bodyTlv.content);
  } catch (cause) {
    throw new CmpDecodeError('PKIBody', `body arm [${tag}] is malformed`, { cause });
  }
  const protection = fields.protection ? protectionBits(fields.protection) : undefined;
  const extraCerts = fields.extraCerts ? splitCertificates(fields.extraCerts.content) : [];
  return {
    header,
    body,
    ...(protection ? { protection } : {}),
    extraCerts,
    raw: { message: der, header: fields.header.raw.slice(), body: bodyTlv.raw.slice() },
  };
}
