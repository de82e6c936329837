/**
 * CmpSigner backed by a WebCrypto private key: the CA's own keys on the server, and the stand-in for the token
 * in tests of the message layer. ECDSA signatures are converted from r‖s to the X.509 DER form (RFC 3279 §2.2.3).
 */
import { DER } from '@noble/curves/abstract/weierstrass.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import type { CmpSignatureAlgorithm, CmpSigner } from '../../shared/cmp/signer';

export type KeyKind = 'ec' | 'rsa';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

export function algorithmFor(kind: KeyKind): CmpSignatureAlgorithm {
  return kind === 'ec' ? 'ecdsa-with-SHA256' : 'sha256WithRSAEncryption';
}

export function keyKindOf(key: CryptoKey): KeyKind {
  return key.algorithm.name === 'ECDSA' ? 'ec' : 'rsa';
}

export function softwareSigner(privateKey: CryptoKey): CmpSigner {
  const kind = keyKindOf(privateKey);
  return {
    algorithm: algorithmFor(kind),
    async sign(data: Uint8Array): Promise<Uint8Array> {
      if (kind === 'rsa') return new Uint8Array(await subtle().sign('RSASSA-PKCS1-v1_5', privateKey, data.slice()));
      const raw = new Uint8Array(await subtle().sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, data.slice()));
      const half = raw.length / 2;
      const hex = DER.hexFromSig({ r: bytesToNumberBE(raw.subarray(0, half)), s: bytesToNumberBE(raw.subarray(half)) });
      return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
    },
  };
}

export async function generateKeyPair(kind: KeyKind): Promise<CryptoKeyPair> {
  const params =
    kind === 'ec'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  return (await subtle().generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function spkiOf(publicKey: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await subtle().exportKey('spki', publicKey));
}
