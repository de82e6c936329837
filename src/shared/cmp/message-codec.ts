/**
 * PKIMessage to and from DER (RFC 9810 §5.1). Decoding keeps the exact bytes of header and body, because the
 * protection covers ProtectedPart ::= SEQUENCE { header, body } as sent (§5.1.3), not as we would re-encode it.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { readChildren, readTlv } from '../pki/der-reader';
import { concatBytes } from '../bytes/concat-bytes';
import { PkiHeader } from './asn1/header';
import { PkiMessageSchema } from './asn1/message';
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

/** Decodes a DER PKIMessage. Every malformed input gives CmpDecodeError. */
export function decodePkiMessage(der: Uint8Array): DecodedPkiMessage {
  if (der.length > MAX_MESSAGE_BYTES) throw new CmpDecodeError('PKIMessage', `message larger than ${MAX_MESSAGE_BYTES} bytes`);
  const outer = readTlv(der);
  if (!outer || outer.tag !== 0x30 || outer.raw.length !== der.length) {
    throw new CmpDecodeError('PKIMessage', 'not a single DER SEQUENCE');
  }
  let schema: PkiMessageSchema;
  try {
    schema = AsnConvert.parse(der, PkiMessageSchema);
  } catch (cause) {
    throw new CmpDecodeError('PKIMessage', 'not a DER PKIMessage', { cause });
  }
  const bodyRaw = new Uint8Array(schema.body);
  const bodyTlv = readTlv(bodyRaw);
  if (!bodyTlv || (bodyTlv.tag & 0xe0) !== 0xa0 || bodyTlv.raw.length !== bodyRaw.length) {
    throw new CmpDecodeError('PKIBody', 'body is not a context-tagged constructed element');
  }
  const tag = bodyTlv.tag & 0x1f;
  let body: PkiBody;
  try {
    body = decodeBodyContent(tag, bodyTlv.content);
  } catch (cause) {
    throw new CmpDecodeError('PKIBody', `body arm [${tag}] is malformed`, { cause });
  }
  if (!schema.headerRaw) throw new CmpDecodeError('PKIHeader', 'header bytes unavailable');
  const protection = schema.protection ? new Uint8Array(schema.protection) : undefined;
  const extraCerts = schema.extraCerts ? splitCertificates(new Uint8Array(schema.extraCerts)) : [];
  return {
    header: schema.header,
    body,
    ...(protection ? { protection } : {}),
    extraCerts,
    raw: { message: der, header: new Uint8Array(schema.headerRaw), body: bodyRaw },
  };
}
