/**
 * The card side of SM2 in the emulator's PIV slots (CanoKey-style private algorithm id, piv-tables.ts): key
 * generation and signing of the 32-byte digest e the host sends (GB/T 32918.2-2016 §6.1 steps A3–A7; the host
 * did A1–A2, e = SM3(Z_A ‖ M)). Curve arithmetic comes from the shared SM2 curve; the signing steps are the
 * card's own, written apart from the host's code as the emulator is (DESIGN.md §6).
 */
import { invert } from '@noble/curves/abstract/modular.js';
import { DER } from '@noble/curves/abstract/weierstrass.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { SM2_CURVE } from '../../shared/pki';
import { reject } from './card-status';
import { SW } from './status-words';

export const SM2_SCALAR_BYTES = 32;
const { n } = SM2_CURVE.params;

/** A private key d in [1, n-2]: §6.1 needs 1 + d invertible mod n. */
export function randomSm2Scalar(): Uint8Array {
  for (;;) {
    const candidate = crypto.getRandomValues(new Uint8Array(SM2_SCALAR_BYTES));
    const d = bytesToNumberBE(candidate);
    if (d >= 1n && d <= n - 2n) return candidate;
  }
}

/** The public point (x, y) of d, each 32 bytes; a scalar out of range is the host's error (6A80). */
export function sm2PointOfScalar(scalar: Uint8Array): { readonly x: Uint8Array; readonly y: Uint8Array } {
  const d = bytesToNumberBE(scalar);
  if (scalar.length !== SM2_SCALAR_BYTES || d < 1n || d > n - 2n) return reject(SW.INCORRECT_DATA, 'SM2 scalar out of range');
  const { x, y } = SM2_CURVE.Point.BASE.multiply(d).toAffine();
  return { x: numberToBytesBE(x, SM2_SCALAR_BYTES), y: numberToBytesBE(y, SM2_SCALAR_BYTES) };
}

/** §6.1 A3–A7 on the host's digest e; DER SEQUENCE { r, s } out, as CanoKey answers (GM/T 0009 §7.3). */
export function sm2SignDigest(scalar: Uint8Array, digest: Uint8Array): Uint8Array {
  if (digest.length === 0 || digest.length > SM2_SCALAR_BYTES) return reject(SW.INCORRECT_DATA, 'SM2 input must be 1..32 bytes');
  const d = bytesToNumberBE(scalar);
  const e = bytesToNumberBE(digest);
  const dInv = invert(1n + d, n);
  for (;;) {
    const k = bytesToNumberBE(randomSm2Scalar());
    const x1 = SM2_CURVE.Point.BASE.multiply(k).toAffine().x;
    const r = (e + x1) % n;
    if (r === 0n || r + k === n) continue; // A5
    const s = (dInv * ((((k - r * d) % n) + n) % n)) % n; // A6
    if (s === 0n) continue;
    return hexToBytes(DER.hexFromSig({ r, s }));
  }
}
