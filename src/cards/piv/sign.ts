/**
 * Signing with a slot's private key: GENERAL AUTHENTICATE with tags 82 (response requested) and 81 (the
 * challenge) in template 7C (SP 800-73-4 Part 2 §3.2.4, Appendix A.3). The card does a raw private-key
 * operation, so the host hashes and, for RSA, builds the PKCS#1 v1.5 block (RFC 8017 §9.2); for ECDSA the
 * card returns the DER signature (SEQUENCE r, s) as it is.
 */
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../../shared/bytes';
import type { PivChannel } from './channel';
import { Algorithm, INS, TAG, type SlotId } from './constants';
import { derNull, derOctetString, derOid, derSequence, OID } from './der';
import { PivDataError } from './errors';
import { ASYMMETRIC_ALGORITHMS, type AsymmetricAlgorithm } from './keys';
import { sm2SigningInput } from './sm2-sign';
import { encodeTlv, requireTlv } from './tlv';

export const HASHES = {
  'SHA-256': { digest: sha256, oid: OID.SHA256 },
  'SHA-384': { digest: sha384, oid: OID.SHA384 },
  'SHA-512': { digest: sha512, oid: OID.SHA512 },
} as const;
export type HashName = keyof typeof HASHES;

/** RFC 8017 §9.2 step 2: DigestInfo ::= SEQUENCE { AlgorithmIdentifier (with NULL), OCTET STRING digest }. */
export function digestInfo(hash: HashName, digest: Uint8Array): Uint8Array<ArrayBuffer> {
  return derSequence(derSequence(derOid(HASHES[hash].oid), derNull()), derOctetString(digest));
}

/** RFC 8017 §9.2 step 5: EM = 00 01 FF..FF 00 DigestInfo, as long as the modulus, at least 8 bytes of FF. */
export function pkcs1v15Block(info: Uint8Array, modulusBytes: number): Uint8Array<ArrayBuffer> {
  const padLength = modulusBytes - info.length - 3;
  if (padLength < 8) throw new PivDataError('PKCS#1 padding', 'DigestInfo too long for the modulus');
  const block = new Uint8Array(modulusBytes).fill(0xff, 2, 2 + padLength);
  block[0] = 0x00;
  block[1] = 0x01;
  block[2 + padLength] = 0x00;
  block.set(info, 3 + padLength);
  return block;
}

/**
 * The ECDSA input: the leftmost field-size bytes of the hash (FIPS 186-4 §6.4, byte-aligned curves),
 * left-padded with zeros when the hash is shorter, since the card takes exactly the field size.
 */
export function ecdsaInput(digest: Uint8Array, fieldBytes: number): Uint8Array<ArrayBuffer> {
  if (digest.length >= fieldBytes) return digest.slice(0, fieldBytes);
  const out = new Uint8Array(fieldBytes);
  out.set(digest, fieldBytes - digest.length);
  return out;
}

/**
 * What the card is asked to transform for `data` under `algorithm` and `hash`. SM2 ignores `hash`: its input is
 * SM3(Z_A ‖ M), which needs the key's point (`sm2Point`, 04 ‖ x ‖ y).
 */
export function signingInput(algorithm: AsymmetricAlgorithm, data: Uint8Array, hash: HashName, sm2Point?: Uint8Array): Uint8Array<ArrayBuffer> {
  if (algorithm === Algorithm.SM2) {
    if (sm2Point === undefined) throw new PivDataError('SM2 signature', 'the public key of the slot is needed for Z_A');
    return sm2SigningInput(sm2Point, data);
  }
  const digest = HASHES[hash].digest(data);
  const spec = ASYMMETRIC_ALGORITHMS[algorithm];
  return spec.curve === null ? pkcs1v15Block(digestInfo(hash, digest), spec.bytes) : ecdsaInput(digest, spec.bytes);
}

/** Signs `data`: RSA returns the raw signature (modulus length), ECDSA and SM2 the DER signature. PIN must be verified. */
export async function sign(
  channel: PivChannel,
  slot: SlotId,
  algorithm: AsymmetricAlgorithm,
  data: Uint8Array,
  hash: HashName,
  sm2Point?: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const context = `GENERAL AUTHENTICATE ${slot.toString(16).toUpperCase()}`;
  const body = encodeTlv(
    TAG.DYNAMIC_AUTH,
    concatBytes(encodeTlv(TAG.AUTH_RESPONSE, new Uint8Array(0)), encodeTlv(TAG.AUTH_CHALLENGE, signingInput(algorithm, data, hash, sm2Point))),
  );
  const reply = await channel.send({ ins: INS.GENERAL_AUTHENTICATE, p1: algorithm, p2: slot, data: body, le: 0 });
  const signature = requireTlv(requireTlv(reply, TAG.DYNAMIC_AUTH, context), TAG.AUTH_RESPONSE, context);
  const spec = ASYMMETRIC_ALGORITHMS[algorithm];
  if (spec.curve === null ? signature.length !== spec.bytes : signature[0] !== 0x30) {
    throw new PivDataError(context, `signature does not look like a ${spec.name} signature`);
  }
  return signature.slice();
}

/** The hash the worker uses for a key when the caller does not choose (SHA-384 for P-384, else SHA-256). */
export function defaultHash(algorithm: AsymmetricAlgorithm): HashName {
  return ASYMMETRIC_ALGORITHMS[algorithm].name === 'ECC-P384' ? 'SHA-384' : 'SHA-256';
}
