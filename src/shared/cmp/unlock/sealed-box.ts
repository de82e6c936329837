/**
 * Encrypting a PUK to a P-256 key (issue 10 §4): ephemeral-static ECDH (SP 800-56A §6.2.2), HKDF-SHA-256
 * (RFC 5869) to an AES-256-GCM key (SP 800-38D), 12-byte random IV, the key serial as additional data so that a
 * box cannot be replayed for another token. WebCrypto only: the same code runs in the app and on the CA.
 */
import { AsnConvert, AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';
import { CmpDecodeError } from '../errors';

/** SealedBox ::= SEQUENCE { ephemeralKey OCTET STRING (DER SPKI), iv OCTET STRING, ciphertext OCTET STRING } */
export class SealedBoxSchema {
  @AsnProp({ type: AsnPropTypes.OctetString }) ephemeralKey: ArrayBuffer = new ArrayBuffer(0);
  @AsnProp({ type: AsnPropTypes.OctetString }) iv: ArrayBuffer = new ArrayBuffer(0);
  @AsnProp({ type: AsnPropTypes.OctetString }) ciphertext: ArrayBuffer = new ArrayBuffer(0);
  constructor(params: Partial<SealedBoxSchema> = {}) {
    Object.assign(this, params);
  }
}

export type SealPurpose = 'escrow' | 'release' | 'code';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;
const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer;

export async function generateEphemeralKey(): Promise<CryptoKeyPair> {
  return (await subtle().generateKey(ECDH, true, ['deriveBits'])) as CryptoKeyPair;
}

export async function exportSpki(key: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await subtle().exportKey('spki', key));
}

async function aesKey(privateKey: CryptoKey, publicSpki: Uint8Array, purpose: SealPurpose): Promise<CryptoKey> {
  let publicKey: CryptoKey;
  try {
    publicKey = await subtle().importKey('spki', buf(publicSpki), ECDH, false, []);
  } catch (cause) {
    throw new CmpDecodeError('SealedBox', 'the public key is not a P-256 key', { cause });
  }
  const shared = await subtle().deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const ikm = await subtle().importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(`UKey Assistant PUK ${purpose} v1`) },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Encrypts `plaintext` to the holder of `recipientSpki`'s private key; returns DER SealedBox. */
export async function seal(recipientSpki: Uint8Array, plaintext: Uint8Array, keySerial: string, purpose: SealPurpose): Promise<Uint8Array> {
  const ephemeral = await generateEphemeralKey();
  const key = await aesKey(ephemeral.privateKey, recipientSpki, purpose);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(keySerial) }, key, buf(plaintext));
  const box = new SealedBoxSchema({ ephemeralKey: buf(await exportSpki(ephemeral.publicKey)), iv: iv.buffer, ciphertext });
  return new Uint8Array(AsnConvert.serialize(box));
}

/** Decrypts a DER SealedBox with our private key; CmpDecodeError when malformed or not for us. */
export async function open(recipientPrivateKey: CryptoKey, boxDer: Uint8Array, keySerial: string, purpose: SealPurpose): Promise<Uint8Array> {
  let box: SealedBoxSchema;
  try {
    box = AsnConvert.parse(boxDer, SealedBoxSchema);
  } catch (cause) {
    throw new CmpDecodeError('SealedBox', 'sealed box is malformed', { cause });
  }
  const key = await aesKey(recipientPrivateKey, new Uint8Array(box.ephemeralKey), purpose);
  try {
    return new Uint8Array(
      await subtle().decrypt({ name: 'AES-GCM', iv: box.iv, additionalData: new TextEncoder().encode(keySerial) }, key, box.ciphertext),
    );
  } catch (cause) {
    throw new CmpDecodeError('SealedBox', 'sealed box does not open with this key and serial', { cause });
  }
}
