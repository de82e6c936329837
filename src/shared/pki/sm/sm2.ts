/**
 * SM2 digital signatures (GB/T 32918.2-2016 §6 sign, §7 verify) with SM3 (GB/T 32905).
 * Verification is what the product needs (certificates from Chinese CAs); signing exists for tests, the
 * virtual token and CSRs signed in software. Functions take the curve so that the standard's worked example
 * (which uses its own test curve) can be checked; every caller in the product uses the default SM2_CURVE.
 */
import { invert } from '@noble/curves/abstract/modular.js';
import { DER, type WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { concatBytes, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { SM2_CURVE, type Sm2Curve } from './sm2-curve';
import { sm3 } from './sm3';

/** GM/T 0009-2012 §10 default signer ID when none is agreed: ASCII "1234567812345678". */
export const SM2_DEFAULT_SIGNER_ID = '1234567812345678';

export type Sm2Point = WeierstrassPoint<bigint>;
export type SignerId = string | Uint8Array;

const idBytes = (id: SignerId): Uint8Array => (typeof id === 'string' ? utf8ToBytes(id) : id);

/** Decodes an uncompressed (04‖x‖y) or compressed SEC1 point; throws if it is not on the curve. */
export function sm2PublicKeyFromBytes(bytes: Uint8Array, curve: Sm2Curve = SM2_CURVE): Sm2Point {
  const point = curve.Point.fromBytes(bytes);
  point.assertValidity();
  return point;
}

/** GB/T 32918.2 §5.5: Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A), ENTL = bit length of ID (2 bytes). */
export function sm2ComputeZ(publicKey: Sm2Point, signerId: SignerId = SM2_DEFAULT_SIGNER_ID, curve: Sm2Curve = SM2_CURVE): Uint8Array {
  const id = idBytes(signerId);
  const bits = id.length * 8;
  const fe = (x: bigint): Uint8Array => numberToBytesBE(x, curve.byteLength);
  const { x, y } = publicKey.toAffine();
  const { a, b, Gx, Gy } = curve.params;
  return sm3(concatBytes(Uint8Array.of((bits >> 8) & 0xff, bits & 0xff), id, fe(a), fe(b), fe(Gx), fe(Gy), fe(x), fe(y)));
}

/** §6.1 A1–A2 / §7.1 B3–B4: e = SM3(Z_A ‖ M) read as an integer. */
function digestToInt(message: Uint8Array, publicKey: Sm2Point, signerId: SignerId, curve: Sm2Curve): bigint {
  return bytesToNumberBE(sm3(concatBytes(sm2ComputeZ(publicKey, signerId, curve), message)));
}

export interface Sm2Signature {
  readonly r: bigint;
  readonly s: bigint;
}

/** §7.1 B1–B7 on raw (r, s). */
export function sm2VerifyRs(
  signature: Sm2Signature,
  message: Uint8Array,
  publicKey: Sm2Point,
  signerId: SignerId = SM2_DEFAULT_SIGNER_ID,
  curve: Sm2Curve = SM2_CURVE,
): boolean {
  const { n } = curve.params;
  const { r, s } = signature;
  if (r < 1n || r >= n || s < 1n || s >= n) return false; // B1, B2
  const e = digestToInt(message, publicKey, signerId, curve);
  const t = (r + s) % n; // B5
  if (t === 0n) return false;
  const point = curve.Point.BASE.mulAddUnsafe(s, publicKey, t); // B6: (x1, y1) = [s]G + [t]P_A
  if (point.is0()) return false;
  return (e + point.toAffine().x) % n === r; // B7
}

/** Verifies a DER SEQUENCE { r INTEGER, s INTEGER } (GM/T 0009 §7.3). Malformed DER is simply "not valid". */
export function sm2Verify(
  signatureDer: Uint8Array,
  message: Uint8Array,
  publicKey: Sm2Point,
  signerId: SignerId = SM2_DEFAULT_SIGNER_ID,
  curve: Sm2Curve = SM2_CURVE,
): boolean {
  let signature: Sm2Signature;
  try {
    signature = DER.toSig(signatureDer);
  } catch {
    return false;
  }
  return sm2VerifyRs(signature, message, publicKey, signerId, curve);
}

/** A fresh private key d in [1, n-2] (§6.1 needs 1+d invertible mod n). */
export function sm2GeneratePrivateKey(curve: Sm2Curve = SM2_CURVE): bigint {
  for (;;) {
    const d = bytesToNumberBE(randomBytes(curve.byteLength));
    if (d >= 1n && d <= curve.params.n - 2n) return d;
  }
}

export function sm2PublicKeyOf(privateKey: bigint, curve: Sm2Curve = SM2_CURVE): Sm2Point {
  return curve.Point.BASE.multiply(privateKey);
}

/** §6.1 A1–A7. `fixedK` exists only to reproduce the standard's worked example. */
export function sm2SignRs(
  message: Uint8Array,
  privateKey: bigint,
  signerId: SignerId = SM2_DEFAULT_SIGNER_ID,
  curve: Sm2Curve = SM2_CURVE,
  fixedK?: bigint,
): Sm2Signature {
  const { n } = curve.params;
  const e = digestToInt(message, sm2PublicKeyOf(privateKey, curve), signerId, curve);
  const dInv = invert(1n + privateKey, n);
  for (;;) {
    const k = fixedK ?? bytesToNumberBE(randomBytes(curve.byteLength)) % n;
    if (k === 0n) continue;
    const x1 = curve.Point.BASE.multiply(k).toAffine().x;
    const r = (e + x1) % n;
    if (r === 0n || r + k === n) continue;
    const s = (((dInv * (k - r * privateKey)) % n) + n) % n;
    if (s === 0n) continue;
    return { r, s };
  }
}

/** Signs and encodes as DER SEQUENCE { r, s }, the form X.509 and PKCS#10 carry. */
export function sm2Sign(message: Uint8Array, privateKey: bigint, signerId: SignerId = SM2_DEFAULT_SIGNER_ID): Uint8Array {
  return hexToBytes(DER.hexFromSig(sm2SignRs(message, privateKey, signerId)));
}
