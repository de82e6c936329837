/**
 * GENERATE ASYMMETRIC KEY PAIR (SP 800-73-4 Part 2 §3.3.2) and the host-side SubjectPublicKeyInfo (RFC 5280
 * §4.1.2.7, RFC 3279 §2.3) of the public key the card returns in template 7F49 (Part 2 Table 10/11).
 */
import { concatBytes } from '../../shared/bytes';
import type { PivChannel } from './channel';
import { Algorithm, INS, TAG, type SlotId } from './constants';
import { derBitString, derNull, derOid, derSequence, derUnsignedInteger, OID } from './der';
import { PivDataError } from './errors';
import { encodeTlv, findTlv, requireTlv } from './tlv';

export type AsymmetricAlgorithm =
  | typeof Algorithm.RSA_2048
  | typeof Algorithm.ECC_P256
  | typeof Algorithm.ECC_P384
  | typeof Algorithm.SM2;

/** Names as the worker API spells them (device-service-api KeyAlgorithmName) → PIV algorithm ids. */
export const KEY_ALGORITHM_BY_NAME = {
  'RSA-2048': Algorithm.RSA_2048,
  'ECC-P256': Algorithm.ECC_P256,
  'ECC-P384': Algorithm.ECC_P384,
  SM2: Algorithm.SM2,
} as const satisfies Record<string, AsymmetricAlgorithm>;
export type KeyAlgorithm = keyof typeof KEY_ALGORITHM_BY_NAME;

export const ASYMMETRIC_ALGORITHMS: Readonly<Record<AsymmetricAlgorithm, { name: KeyAlgorithm; bytes: number; curve: Uint8Array | null }>> = {
  [Algorithm.RSA_2048]: { name: 'RSA-2048', bytes: 256, curve: null },
  [Algorithm.ECC_P256]: { name: 'ECC-P256', bytes: 32, curve: OID.P256 },
  [Algorithm.ECC_P384]: { name: 'ECC-P384', bytes: 48, curve: OID.P384 },
  // The card returns an SM2 key as an EC point (tag 86); the host writes it as id-ecPublicKey on sm2p256v1.
  [Algorithm.SM2]: { name: 'SM2', bytes: 32, curve: OID.SM2_CURVE },
};

export function isAsymmetricAlgorithm(value: number | null): value is AsymmetricAlgorithm {
  return value !== null && Object.prototype.hasOwnProperty.call(ASYMMETRIC_ALGORITHMS, value);
}

/** Optional policies of the YubiKey extension (CRT tags AA / AB); omitted = card default. */
export interface GenerateOptions {
  readonly pinPolicy?: number;
  readonly touchPolicy?: number;
}

/** The command data: control reference template AC { 80 algorithm [AA pin policy] [AB touch policy] }. */
export function encodeGenerateRequest(algorithm: AsymmetricAlgorithm, options: GenerateOptions = {}): Uint8Array<ArrayBuffer> {
  const parts = [encodeTlv(TAG.CRT_ALGORITHM, Uint8Array.of(algorithm))];
  if (options.pinPolicy !== undefined) parts.push(encodeTlv(TAG.CRT_PIN_POLICY, Uint8Array.of(options.pinPolicy)));
  if (options.touchPolicy !== undefined) parts.push(encodeTlv(TAG.CRT_TOUCH_POLICY, Uint8Array.of(options.touchPolicy)));
  return encodeTlv(TAG.CONTROL_REFERENCE_TEMPLATE, concatBytes(...parts));
}

/** SPKI DER from the content of a 7F49 template (81 modulus + 82 exponent, or 86 EC point). */
export function publicKeyTemplateToSpki(algorithm: AsymmetricAlgorithm, template: Uint8Array, context: string): Uint8Array<ArrayBuffer> {
  const spec = ASYMMETRIC_ALGORITHMS[algorithm];
  if (spec.curve === null) {
    const modulus = requireTlv(template, TAG.RSA_MODULUS, context);
    const exponent = requireTlv(template, TAG.RSA_EXPONENT, context);
    if (modulus.length !== spec.bytes || (modulus[0]! & 0x80) === 0) {
      throw new PivDataError(context, `RSA modulus is not ${spec.bytes * 8} bits`);
    }
    if (exponent.length === 0 || exponent.length > 8) throw new PivDataError(context, 'bad RSA exponent length');
    const rsaPublicKey = derSequence(derUnsignedInteger(modulus), derUnsignedInteger(exponent));
    return derSequence(derSequence(derOid(OID.RSA_ENCRYPTION), derNull()), derBitString(rsaPublicKey));
  }
  const point = findTlv(template, TAG.EC_POINT, context);
  // SEC 1 §2.3.3: an uncompressed point is 04 || X || Y.
  if (point === undefined || point.length !== 1 + 2 * spec.bytes || point[0] !== 0x04) {
    throw new PivDataError(context, `EC point is not an uncompressed ${spec.name} point`);
  }
  return derSequence(derSequence(derOid(OID.EC_PUBLIC_KEY), derOid(spec.curve)), derBitString(point));
}

export async function generateKey(
  channel: PivChannel,
  slot: SlotId,
  algorithm: AsymmetricAlgorithm,
  options: GenerateOptions = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const context = `GENERATE ${slot.toString(16).toUpperCase()}`;
  const reply = await channel.send({
    ins: INS.GENERATE_ASYMMETRIC_KEY_PAIR,
    p1: 0x00,
    p2: slot,
    data: encodeGenerateRequest(algorithm, options),
    le: 0,
  });
  return publicKeyTemplateToSpki(algorithm, requireTlv(reply, TAG.PUBLIC_KEY_TEMPLATE, context), context);
}
