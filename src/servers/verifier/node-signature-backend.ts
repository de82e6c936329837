/**
 * Signature checks on Node through OpenSSL (node:crypto), for the verifier (issue 14 §4): the pki registry's
 * portable paths are WebCrypto (an async hop to the thread pool per check, a key import per check) and, for SM2,
 * pure JavaScript (~3 ms a verification). Browsers keep those paths; on Node this backend answers synchronously
 * with cached KeyObjects, and is injected into the pki registry (registerSignatureFamily) so that chain and CRL
 * signatures take it too.
 *
 * SM2: Node cannot set OpenSSL's SM2 distinguishing ID (no `distid` option; a one-shot crypto.verify hashes with
 * OpenSSL 3's empty ID). So Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) is computed here with the signer ID
 * (GB/T 32918.2 §5.5, default "1234567812345678" per GM/T 0009 §10), and the streaming Verify digests Z ‖ M with
 * SM3 — that is e (§7.1 B3–B4) — and hands e to EVP_PKEY_verify, OpenSSL's raw SM2 check of (r, s) against e
 * (§7.1 B5–B7). A self-test at install checks that mechanism on this very Node and OpenSSL; if it fails, or the
 * OpenSSL has no SM2, the JavaScript path stays.
 */
import { createPrivateKey, createPublicKey, createVerify, generateKeyPairSync, getCurves, sign as oneShotSign,
  verify as oneShotVerify, type KeyObject } from 'node:crypto';
import {
  parseSpki,
  sm2PointOf,
  registerSignatureFamily,
  SM2_DEFAULT_SIGNER_ID,
  sm2ComputeZ,
  type PublicKeyInfo,
  type SignerId,
} from '../../shared/pki';

export interface NodeVerifyInput {
  readonly key: PublicKeyInfo;
  /** DER SubjectPublicKeyInfo; KeyObjects and SM2 Z values are cached per instance of these bytes. */
  readonly spkiDer: Uint8Array;
  /** WebCrypto-style hash name ('SHA-256', …) or 'SM3'. */
  readonly hash: string | undefined;
  readonly tbs: Uint8Array;
  /** DER: ECDSA-Sig-Value / SM2 SEQUENCE { r, s } (RFC 3279 §2.2.3, GM/T 0009 §7.3); RSA: the raw block. */
  readonly signature: Uint8Array;
  readonly signerId?: SignerId;
}

/** The curves the pki registry's ECDSA family accepts (WebCrypto's set); others are its business. */
const ECDSA_CURVES = new Set(['P-256', 'P-384', 'P-521']);
const NODE_HASHES: Readonly<Record<string, string>> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

const keys = new WeakMap<Uint8Array, KeyObject | null>();
const zValues = new WeakMap<Uint8Array, Map<string, Uint8Array>>();

/**
 * SubjectPublicKeyInfo { id-ecPublicKey, namedCurve sm2 (1.2.156.10197.1.301) } up to the BIT STRING's first
 * content byte (RFC 5480 §2 form, GM/T 0006 curve OID): followed by the 65-byte uncompressed point.
 */
const SM2_SPKI_PREFIX = Uint8Array.from(Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex'));

function keyObject(spkiDer: Uint8Array, kind: PublicKeyInfo['kind']): KeyObject | null {
  let key = keys.get(spkiDer);
  if (key === undefined) {
    try {
      // SM2 keys also come with the curve OID as the algorithm (public-key.ts); OpenSSL reads only the
      // id-ecPublicKey form, so an SM2 key is always handed over re-encoded in that form from its point.
      const der = kind === 'SM2'
        ? Buffer.concat([SM2_SPKI_PREFIX, sm2PointOf(parseSpki(spkiDer)).toBytes(false)])
        : Buffer.from(spkiDer.buffer, spkiDer.byteOffset, spkiDer.byteLength);
      key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    } catch {
      key = null; // a key OpenSSL refuses (or an SM2 point off the curve) cannot have made a valid signature
    }
    keys.set(spkiDer, key);
  }
  return key;
}

const idKey = (id: SignerId): string => (typeof id === 'string' ? `s:${id}` : `b:${Buffer.from(id).toString('hex')}`);

function sm2Z(spkiDer: Uint8Array, signerId: SignerId): Uint8Array {
  let perId = zValues.get(spkiDer);
  if (!perId) zValues.set(spkiDer, (perId = new Map()));
  const k = idKey(signerId);
  let z = perId.get(k);
  if (!z) {
    z = sm2ComputeZ(sm2PointOf(parseSpki(spkiDer)), signerId);
    if (perId.size < 8) perId.set(k, z);
  }
  return z;
}

function sm2VerifyNative(key: KeyObject, z: Uint8Array, tbs: Uint8Array, signature: Uint8Array): boolean {
  try {
    return createVerify('sm3').update(z).update(tbs).verify(key, signature);
  } catch {
    return false; // OpenSSL could not read the signature: not valid
  }
}

let sm2Native = false;

/**
 * true / false when node:crypto can answer for this key and hash; null when it is not this backend's case
 * (the caller then asks the pki registry).
 */
export function verifyWithNode(input: NodeVerifyInput): boolean | null {
  const { key, hash } = input;
  if (key.kind === 'SM2') {
    if (!sm2Native || (hash !== undefined && hash !== 'SM3')) return null;
    const object = keyObject(input.spkiDer, 'SM2');
    if (!object) return false;
    // OpenSSL 3 decodes an SM2-curve SPKI as an SM2 key (Node names no type for it); an "ec" key here would be
    // checked as ECDSA, so leave it to the JavaScript path.
    if (object.asymmetricKeyType === 'ec') return null;
    let z: Uint8Array;
    try {
      z = sm2Z(input.spkiDer, input.signerId ?? SM2_DEFAULT_SIGNER_ID);
    } catch {
      return false; // not a point on the curve
    }
    return sm2VerifyNative(object, z, input.tbs, input.signature);
  }
  const nodeHash = hash === undefined ? undefined : NODE_HASHES[hash];
  if (!nodeHash) return null;
  if (key.kind === 'EC') {
    if (!key.curve || !ECDSA_CURVES.has(key.curve)) return null;
    const object = keyObject(input.spkiDer, 'EC');
    if (!object) return false;
    try {
      return oneShotVerify(nodeHash, input.tbs, { key: object, dsaEncoding: 'der' }, input.signature);
    } catch {
      return false;
    }
  }
  if (key.kind === 'RSA') {
    const object = keyObject(input.spkiDer, 'RSA');
    // RSASSA-PSS-labelled keys go to the registry, which re-labels them for PKCS #1 v1.5 (RFC 4055 §1.2).
    if (!object || object.asymmetricKeyType !== 'rsa') return null;
    try {
      return oneShotVerify(nodeHash, input.tbs, object, input.signature);
    } catch {
      return false;
    }
  }
  return null;
}

/**
 * Checks the Z ‖ M mechanism on this Node and OpenSSL: a signature that OpenSSL's one-shot sign makes with its
 * default (empty) ID verifies under the empty ID and not under the default one. generateKeyPairSync gives an
 * "ec" key (it would sign ECDSA-with-SM3); read back from PKCS #8 / SPKI, OpenSSL makes it an SM2 key.
 */
function sm2SelfTest(): boolean {
  if (!getCurves().includes('SM2')) return false;
  try {
    const pair = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    const privateKey = createPrivateKey({ key: pair.privateKey.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' });
    const spki = new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' }));
    const message = new TextEncoder().encode('ukey sm2 self-test');
    const signature = new Uint8Array(oneShotSign('sm3', message, privateKey));
    const object = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    if (object.asymmetricKeyType === 'ec') return false;
    const point = sm2PointOf(parseSpki(spki));
    return sm2VerifyNative(object, sm2ComputeZ(point, ''), message, signature)
      && !sm2VerifyNative(object, sm2ComputeZ(point, SM2_DEFAULT_SIGNER_ID), message, signature);
  } catch {
    return false;
  }
}

let installed = false;

/** Which SM2 implementation this process verifies with (for tests and the bench). */
export function sm2Backend(): 'openssl' | 'javascript' {
  return sm2Native ? 'openssl' : 'javascript';
}

/** Registers the Node paths in the pki registry; idempotent. */
export function installNodeSignatureBackend(): void {
  if (installed) return;
  installed = true;
  sm2Native = sm2SelfTest();
  // Same acceptance rule as the registry's WebCrypto ECDSA family: EC key, a known hash, a WebCrypto curve.
  registerSignatureFamily('ecdsa', async (request) => {
    if (request.key.kind !== 'EC' || !request.info.hash) return false;
    return verifyWithNode({ key: request.key, spkiDer: request.spkiDer, hash: request.info.hash, tbs: request.data.tbs,
      signature: request.data.signature }) ?? false;
  });
  if (sm2Native) {
    registerSignatureFamily('sm2', async (request) => {
      if (request.key.kind !== 'SM2') return false;
      return verifyWithNode({ key: request.key, spkiDer: request.spkiDer, hash: 'SM3', tbs: request.data.tbs,
        signature: request.data.signature, signerId: request.options.signerId ?? SM2_DEFAULT_SIGNER_ID }) ?? false;
    });
  }
}
