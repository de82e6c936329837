/**
 * CmpSigner backed by a WebCrypto private key: the CA's own keys on the server, and the stand-in for the token
 * in tests of the message layer. Signs through node:crypto with the same key (KeyObject.from): OpenSSL returns
 * ECDSA signatures in the X.509 DER form (RFC 3279 §2.2.3) directly, without WebCrypto's per-call algorithm
 * normalisation, which the issue 14 §4 profile showed among the CA's largest costs.
 */
import { KeyObject, sign as nodeSign } from 'node:crypto';
import type { CmpSignatureAlgorithm, CmpSigner } from '../../shared/cmp';

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
  const key = KeyObject.from(privateKey);
  return {
    algorithm: algorithmFor(kind),
    // RSASSA-PKCS1-v1_5 is node:crypto's default RSA padding; ECDSA with dsaEncoding 'der' (RFC 3279 §2.2.3).
    sign: async (data: Uint8Array): Promise<Uint8Array> => new Uint8Array(nodeSign('sha256', data, kind === 'ec' ? { key, dsaEncoding: 'der' } : key)),
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
