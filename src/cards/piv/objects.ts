/**
 * Data objects (SP 800-73-4 Part 2 §3.1.2 GET DATA, §3.3.1 PUT DATA) and the certificate object layout of
 * Part 1 Table 10: 70 certificate, 71 CertInfo (bit 0 = gzip, Part 1 Table 10 note), optional 72 MSCUID,
 * FE error detection code.
 */
import { NotFoundError, decodeTlv, tagBytes, TlvError } from '../../apdu';
import { concatBytes } from '../../shared/bytes';
import type { PivChannel } from './channel';
import { CERT_INFO_GZIP, INS, TAG, type SlotId, certificateObjectId } from './constants';
import { PivDataError } from './errors';
import { encodeTlv, findTlv } from './tlv';

/** P1 P2 = 3F FF for GET DATA / PUT DATA (Part 2 §3.1.2). */
const DATA_P1 = 0x3f;
const DATA_P2 = 0xff;
/** A certificate larger than this after gunzip is refused (a gzip bomb must not exhaust the worker). */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** GET DATA of one object; the value inside its outer tag (53, or 7E for Discovery), or null when absent. */
export async function readObject(channel: PivChannel, objectId: number): Promise<Uint8Array<ArrayBuffer> | null> {
  let reply: Uint8Array;
  try {
    reply = await channel.send({ ins: INS.GET_DATA, p1: DATA_P1, p2: DATA_P2, data: encodeTlv(TAG.TAG_LIST, tagBytes(objectId)), le: 0 });
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
  return unwrapObject(reply, `object ${objectId.toString(16).toUpperCase()}`);
}

/** The value of the one TLV a GET DATA reply is. */
export function unwrapObject(reply: Uint8Array, context: string): Uint8Array<ArrayBuffer> {
  try {
    return decodeTlv(reply).value.slice();
  } catch (error) {
    if (error instanceof TlvError) throw new PivDataError(context, error.message, { cause: error });
    throw error;
  }
}

/** PUT DATA: 5C tag list then 53 content (Part 2 §3.3.1). Needs management-key authentication. */
export async function writeObject(channel: PivChannel, objectId: number, content: Uint8Array): Promise<void> {
  const data = concatBytes(encodeTlv(TAG.TAG_LIST, tagBytes(objectId)), encodeTlv(TAG.DATA, content));
  await channel.send({ ins: INS.PUT_DATA, p1: DATA_P1, p2: DATA_P2, data });
}

/** Content of a certificate object for `der` (uncompressed: CertInfo 00; empty error detection code). */
export function encodeCertificateObject(der: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes(
    encodeTlv(TAG.CERTIFICATE, der),
    encodeTlv(TAG.CERT_INFO, Uint8Array.of(0x00)),
    encodeTlv(TAG.ERROR_DETECTION_CODE, new Uint8Array(0)),
  );
}

/**
 * The DER certificate inside a certificate object's content, gunzipped when CertInfo says so; null for an
 * empty object (how a deleted certificate looks on many cards).
 */
export async function decodeCertificateObject(content: Uint8Array, context: string): Promise<Uint8Array<ArrayBuffer> | null> {
  if (content.length === 0) return null;
  const cert = findTlv(content, TAG.CERTIFICATE, context);
  if (cert === undefined || cert.length === 0) return null;
  const info = findTlv(content, TAG.CERT_INFO, context);
  const compressed = info !== undefined && info.length > 0 && (info[0]! & CERT_INFO_GZIP) !== 0;
  return compressed ? gunzip(cert, context) : cert.slice();
}

/** DecompressionStream('gzip') with an output cap; corrupt input → PivDataError. */
export async function gunzip(data: Uint8Array, context: string, limit = MAX_CERTIFICATE_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel();
        throw new PivDataError(context, `gzip certificate expands beyond ${limit} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof PivDataError) throw error;
    throw new PivDataError(context, 'gzip certificate is corrupt', { cause: error });
  }
  return concatBytes(...chunks);
}

/** Reads the certificate of one slot; null when the slot has none. */
export async function readCertificate(channel: PivChannel, slot: SlotId): Promise<Uint8Array<ArrayBuffer> | null> {
  const content = await readObject(channel, certificateObjectId(slot));
  if (content === null) return null;
  return decodeCertificateObject(content, `certificate ${slot.toString(16).toUpperCase()}`);
}

export async function writeCertificate(channel: PivChannel, slot: SlotId, der: Uint8Array): Promise<void> {
  await writeObject(channel, certificateObjectId(slot), encodeCertificateObject(der));
}
