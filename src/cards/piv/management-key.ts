/**
 * Management-key mutual authentication (SP 800-73-4 Part 2 Appendix A.1, GENERAL AUTHENTICATE with key
 * reference 9B; SP 800-78-4 Table 6-2 algorithms 03 = 3DES, 08/0A/0C = AES-128/192/256). The card proves it
 * knows the key too: we check its answer to our challenge, so a fake token cannot pass.
 */
import { ecb } from '@noble/ciphers/aes.js';
import { EDE } from 'des.js';
import { bytesEqual, SecurityStatusNotSatisfiedError } from '../../apdu';
import type { PivChannel } from './channel';
import { Algorithm, INS, KEY_REF, TAG } from './constants';
import { ManagementKeyAuthError } from './errors';
import { encodeTlv, requireTlv } from './tlv';

export type ManagementKeyAlgorithm = typeof Algorithm.TDES | typeof Algorithm.AES_128 | typeof Algorithm.AES_192 | typeof Algorithm.AES_256;

/** Key length and cipher block length per algorithm (SP 800-78-4 §3). */
export const MANAGEMENT_KEY_ALGORITHMS: Readonly<Record<ManagementKeyAlgorithm, { keyLength: number; blockLength: number }>> = {
  [Algorithm.TDES]: { keyLength: 24, blockLength: 8 },
  [Algorithm.AES_128]: { keyLength: 16, blockLength: 16 },
  [Algorithm.AES_192]: { keyLength: 24, blockLength: 16 },
  [Algorithm.AES_256]: { keyLength: 32, blockLength: 16 },
};

export function isManagementKeyAlgorithm(value: number): value is ManagementKeyAlgorithm {
  return Object.prototype.hasOwnProperty.call(MANAGEMENT_KEY_ALGORITHMS, value);
}

/**
 * The algorithm a bare key most likely uses when the card cannot tell (no GET METADATA): 24 bytes is 3DES
 * (the PIV default, and the only 24-byte key before YubiKey 5.7), 16 and 32 bytes can only be AES.
 */
export function guessManagementKeyAlgorithm(keyLength: number): ManagementKeyAlgorithm {
  if (keyLength === 24) return Algorithm.TDES;
  if (keyLength === 16) return Algorithm.AES_128;
  if (keyLength === 32) return Algorithm.AES_256;
  throw new ManagementKeyAuthError('bad-key-length', `A management key is 16, 24 or 32 bytes, not ${keyLength}`);
}

type BlockOp = 'encrypt' | 'decrypt';

/** One ECB block operation (the protocol only ever moves single blocks). */
export function cipherBlock(algorithm: ManagementKeyAlgorithm, key: Uint8Array, block: Uint8Array, op: BlockOp): Uint8Array<ArrayBuffer> {
  const spec = MANAGEMENT_KEY_ALGORITHMS[algorithm];
  if (key.length !== spec.keyLength) {
    throw new ManagementKeyAuthError('bad-key-length', `Key of ${key.length} bytes does not fit algorithm ${algorithm}`);
  }
  if (block.length !== spec.blockLength) {
    throw new ManagementKeyAuthError('card-not-authentic', `Block of ${block.length} bytes, expected ${spec.blockLength}`);
  }
  if (algorithm === Algorithm.TDES) {
    const cipher = EDE.create({ type: op, key, padding: false });
    return Uint8Array.from([...cipher.update(block), ...cipher.final()]);
  }
  const aes = ecb(key, { disablePadding: true });
  return op === 'encrypt' ? aes.encrypt(block) : aes.decrypt(block);
}

export type RandomSource = (length: number) => Uint8Array;
export const webCryptoRandom: RandomSource = (length) => crypto.getRandomValues(new Uint8Array(length));

/**
 * Mutual authentication: (1) ask for a witness, (2) send the decrypted witness plus our challenge, (3) check
 * the card's encryption of our challenge. 6982 at step 2 means the card rejected our key.
 */
export async function authenticateManagementKey(
  channel: PivChannel,
  key: Uint8Array,
  algorithm: ManagementKeyAlgorithm,
  random: RandomSource = webCryptoRandom,
): Promise<void> {
  const { blockLength } = MANAGEMENT_KEY_ALGORITHMS[algorithm];
  const command = { ins: INS.GENERAL_AUTHENTICATE, p1: algorithm, p2: KEY_REF.MANAGEMENT_KEY };
  const request = encodeTlv(TAG.DYNAMIC_AUTH, encodeTlv(TAG.AUTH_WITNESS, new Uint8Array(0)));
  const first = await channel.send({ ...command, data: request, le: 0 });
  const witness = requireTlv(requireTlv(first, TAG.DYNAMIC_AUTH, 'management key witness'), TAG.AUTH_WITNESS, 'management key witness');
  if (witness.length !== blockLength) {
    throw new ManagementKeyAuthError('card-not-authentic', `Witness of ${witness.length} bytes, expected ${blockLength}`);
  }
  const decrypted = cipherBlock(algorithm, key, witness, 'decrypt');
  const challenge = random(blockLength);
  const body = encodeTlv(
    TAG.DYNAMIC_AUTH,
    new Uint8Array([...encodeTlv(TAG.AUTH_WITNESS, decrypted), ...encodeTlv(TAG.AUTH_CHALLENGE, challenge)]),
  );
  let second: Uint8Array;
  try {
    second = await channel.send({ ...command, data: body, le: 0 });
  } catch (error) {
    if (error instanceof SecurityStatusNotSatisfiedError) {
      throw new ManagementKeyAuthError('rejected', 'The card rejected the management key (SW 6982)', { cause: error });
    }
    throw error;
  } finally {
    decrypted.fill(0);
  }
  const answer = requireTlv(requireTlv(second, TAG.DYNAMIC_AUTH, 'management key response'), TAG.AUTH_RESPONSE, 'management key response');
  if (!bytesEqual(answer, cipherBlock(algorithm, key, challenge, 'encrypt'))) {
    throw new ManagementKeyAuthError('card-not-authentic', 'The card did not prove knowledge of the management key');
  }
}
