/**
 * On-card private-key operations: key generation with WebCrypto (so the browser demo works too), raw RSA
 * with BigInt (the host sends the fully padded block, SP 800-73-4 Part 2 §3.2.4 / SP 800-78-4 §3.1), ECDSA on
 * the hash the host sends (DER signature) and ECDH, and the public-key template 7F49 (Part 2 §3.3.2).
 */
import { p256, p384 } from '@noble/curves/nist.js';
import { Algorithm, TAG } from './piv-tables';
import { concat, tlv } from './card-codec';
import { reject } from './card-status';
import { SW } from './status-words';
import { randomSm2Scalar, sm2PointOfScalar, sm2SignDigest } from './sm2-card-crypto';

export const RSA_ALGORITHMS: ReadonlyMap<number, number> = new Map([
  [Algorithm.RSA_1024, 1024],
  [Algorithm.RSA_2048, 2048],
]);
/** EC slot keys; "SM2" is the emulator's JWK crv name for GB/T 32918 keys (RFC 7518 has none). */
export const EC_ALGORITHMS: ReadonlyMap<number, { crv: 'P-256' | 'P-384' | 'SM2'; size: number }> = new Map([
  [Algorithm.ECC_P256, { crv: 'P-256', size: 32 }],
  [Algorithm.ECC_P384, { crv: 'P-384', size: 48 }],
  [Algorithm.SM2, { crv: 'SM2', size: 32 }],
] as const);

export function b64uToBytes(text: string | undefined): Uint8Array {
  if (typeof text !== 'string') return reject(SW.NO_PRECISE_DIAGNOSIS, 'key component missing');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function bytesToB64u(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function bytesToBig(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

export function bigToBytes(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = n;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

export async function generateKey(algorithm: number): Promise<JsonWebKey> {
  const bits = RSA_ALGORITHMS.get(algorithm);
  const ec = EC_ALGORITHMS.get(algorithm);
  let pair: CryptoKeyPair;
  if (ec?.crv === 'SM2') return ecJwkFromScalar(algorithm, randomSm2Scalar()); // WebCrypto has no SM2
  if (bits) {
    pair = await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    );
  } else if (ec) {
    pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: ec.crv }, true, ['sign', 'verify']);
  } else {
    return reject(SW.INCORRECT_DATA, 'unsupported key algorithm');
  }
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  // Keep only the key material; usages/ext flags are WebCrypto bookkeeping.
  const { kty, crv, n, e, d, p, q, dp, dq, qi, x, y } = jwk;
  return Object.fromEntries(Object.entries({ kty, crv, n, e, d, p, q, dp, dq, qi, x, y }).filter(([, v]) => v !== undefined));
}

/** Content of the 7F49 template: 81 modulus + 82 exponent, or 86 uncompressed point (Part 2 §3.3.2). */
export function publicKeyTemplateContent(jwk: JsonWebKey): Uint8Array {
  if (jwk.kty === 'RSA') return concat(tlv(TAG.RSA_MODULUS, b64uToBytes(jwk.n)), tlv(TAG.RSA_EXPONENT, b64uToBytes(jwk.e)));
  return tlv(TAG.EC_POINT, concat(Uint8Array.of(0x04), b64uToBytes(jwk.x), b64uToBytes(jwk.y)));
}

/** Raw RSA private operation m^d mod n, by the CRT (PKCS #1 §5.1.2). */
export function rsaPrivate(jwk: JsonWebKey, input: Uint8Array): Uint8Array {
  const nBytes = b64uToBytes(jwk.n);
  const size = nBytes[0] === 0 ? nBytes.length - 1 : nBytes.length;
  if (input.length !== size) return reject(SW.INCORRECT_DATA, 'RSA input must be the modulus length');
  const n = bytesToBig(nBytes);
  const c = bytesToBig(input);
  if (c >= n) return reject(SW.INCORRECT_DATA, 'RSA input not below the modulus');
  const [p, q, dp, dq, qi] = [jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].map((v) => bytesToBig(b64uToBytes(v))) as [
    bigint, bigint, bigint, bigint, bigint,
  ];
  const m1 = modPow(c, dp, p);
  const m2 = modPow(c, dq, q);
  const h = (((m1 - m2) % p) + p) % p * qi % p;
  return bigToBytes(m2 + h * q, size);
}

function curve(jwk: JsonWebKey): typeof p256 | typeof p384 {
  return jwk.crv === 'P-384' ? p384 : p256;
}

/** ECDSA over the hash the host sends (truncated to the order length as FIPS 186-4 §6.4 says), DER out. */
export function ecdsaSign(jwk: JsonWebKey, hash: Uint8Array): Uint8Array {
  if (jwk.crv === 'SM2') return sm2SignDigest(b64uToBytes(jwk.d), hash);
  if (hash.length === 0 || hash.length > 64) return reject(SW.INCORRECT_DATA, 'ECDSA input length');
  try {
    return curve(jwk).sign(hash, b64uToBytes(jwk.d), { prehash: false, format: 'der' });
  } catch {
    return reject(SW.INCORRECT_DATA, 'ECDSA input rejected');
  }
}

/** ECDH (tag 85): the x coordinate of d·Q (SP 800-73-4 Part 2 §3.2.4, key agreement). */
export function ecdh(jwk: JsonWebKey, point: Uint8Array): Uint8Array {
  if (jwk.crv === 'SM2') return reject(SW.INCORRECT_DATA, 'SM2 key agreement is not offered');
  const c = curve(jwk);
  try {
    c.Point.fromBytes(point).assertValidity();
  } catch {
    return reject(SW.INCORRECT_DATA, 'peer point not on the curve');
  }
  const shared = c.getSharedSecret(b64uToBytes(jwk.d), point, false);
  return shared.slice(1, 1 + (shared.length - 1) / 2);
}

/** EC private scalar → JWK (used by IMPORT KEY). */
export function ecJwkFromScalar(algorithm: number, scalar: Uint8Array): JsonWebKey {
  const spec = EC_ALGORITHMS.get(algorithm)!;
  if (spec.crv === 'SM2') {
    const { x, y } = sm2PointOfScalar(scalar);
    return { kty: 'EC', crv: 'SM2', d: bytesToB64u(scalar), x: bytesToB64u(x), y: bytesToB64u(y) };
  }
  const c = spec.crv === 'P-384' ? p384 : p256;
  if (scalar.length !== spec.size) return reject(SW.INCORRECT_DATA, 'EC scalar length');
  let point: Uint8Array;
  try {
    point = c.getPublicKey(scalar, false);
  } catch {
    return reject(SW.INCORRECT_DATA, 'EC scalar out of range');
  }
  const size = spec.size;
  return { kty: 'EC', crv: spec.crv, d: bytesToB64u(scalar), x: bytesToB64u(point.slice(1, 1 + size)), y: bytesToB64u(point.slice(1 + size)) };
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) return reject(SW.INCORRECT_DATA, 'not invertible');
  return ((oldS % m) + m) % m;
}

/** RSA CRT components (IMPORT KEY tags 01..05) → JWK; the public exponent is 65537 as on a YubiKey. */
export function rsaJwkFromPrimes(p: Uint8Array, q: Uint8Array, bits: number): JsonWebKey {
  const [P, Q] = [bytesToBig(p), bytesToBig(q)];
  if (P < 3n || Q < 3n) return reject(SW.INCORRECT_DATA, 'RSA primes');
  const n = P * Q;
  const size = bits / 8;
  if (n >> BigInt(bits - 1) !== 1n) return reject(SW.INCORRECT_DATA, 'RSA modulus size');
  const e = 65537n;
  const d = modInverse(e, (P - 1n) * (Q - 1n));
  const half = size / 2;
  return {
    kty: 'RSA',
    n: bytesToB64u(bigToBytes(n, size)),
    e: bytesToB64u(Uint8Array.of(1, 0, 1)),
    d: bytesToB64u(bigToBytes(d, size)),
    p: bytesToB64u(bigToBytes(P, half)),
    q: bytesToB64u(bigToBytes(Q, half)),
    dp: bytesToB64u(bigToBytes(d % (P - 1n), half)),
    dq: bytesToB64u(bigToBytes(d % (Q - 1n), half)),
    qi: bytesToB64u(bigToBytes(modInverse(Q, P), half)),
  };
}
