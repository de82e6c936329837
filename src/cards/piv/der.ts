/**
 * The few DER encodings the host builds itself (X.690 §8): SubjectPublicKeyInfo from a card's raw public key
 * and the PKCS#1 v1.5 DigestInfo. Encoding only; parsing DER is the pki layer's job.
 */
import { concatBytes } from '../../shared/bytes';

/** Object identifiers, content octets pre-encoded (X.690 §8.19). */
export const OID = {
  RSA_ENCRYPTION: Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01),
  EC_PUBLIC_KEY: Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01),
  P256: Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07),
  P384: Uint8Array.of(0x2b, 0x81, 0x04, 0x00, 0x22),
  /** GM/T 0006 sm2p256v1 1.2.156.10197.1.301, the curve of an id-ecPublicKey SM2 key. */
  SM2_CURVE: Uint8Array.of(0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d),
  SHA256: Uint8Array.of(0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01),
  SHA384: Uint8Array.of(0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02),
  SHA512: Uint8Array.of(0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03),
} as const;

const DER_TAG = { INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30 } as const;


/** X.690 §8.1.3: definite length, short form below 128, else long form with minimal length octets. */
function encodeLength(length: number): Uint8Array<ArrayBuffer> {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function derTlv(tag: number, content: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes(Uint8Array.of(tag), encodeLength(content.length), content);
}

export function derSequence(...items: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  return derTlv(DER_TAG.SEQUENCE, concatBytes(...items));
}

/** A non-negative INTEGER from big-endian magnitude bytes (X.690 §8.3: minimal, sign bit clear). */
export function derUnsignedInteger(magnitude: Uint8Array): Uint8Array<ArrayBuffer> {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.length === 0 ? Uint8Array.of(0) : magnitude.subarray(start);
  const needsPad = (trimmed[0] ?? 0) & 0x80;
  return derTlv(DER_TAG.INTEGER, needsPad ? concatBytes(Uint8Array.of(0), trimmed) : trimmed);
}

export function derOid(content: Uint8Array): Uint8Array<ArrayBuffer> {
  return derTlv(DER_TAG.OID, content);
}

export function derNull(): Uint8Array<ArrayBuffer> {
  return Uint8Array.of(DER_TAG.NULL, 0x00);
}

export function derOctetString(content: Uint8Array): Uint8Array<ArrayBuffer> {
  return derTlv(DER_TAG.OCTET_STRING, content);
}

/** BIT STRING with zero unused bits (X.690 §8.6.2). */
export function derBitString(content: Uint8Array): Uint8Array<ArrayBuffer> {
  return derTlv(DER_TAG.BIT_STRING, concatBytes(Uint8Array.of(0), content));
}
