/**
 * Single-block ECB encryption for management-key authentication (SP 800-73-4 Part 2 Appendix A.1;
 * SP 800-78-4 Table 6-2): 3DES via des.js, AES-128/192/256 via @noble/ciphers. Pure JS so it also runs
 * in the browser demo (WebCrypto has neither 3DES nor raw AES-ECB).
 */
import { ecb } from '@noble/ciphers/aes.js';
import { EDE } from 'des.js';
import { Algorithm } from './piv-tables';

export interface ManagementKeyAlgorithm {
  readonly keyLength: number;
  readonly blockLength: number;
}

export const MANAGEMENT_KEY_ALGORITHMS: ReadonlyMap<number, ManagementKeyAlgorithm> = new Map([
  [Algorithm.TDES, { keyLength: 24, blockLength: 8 }],
  [Algorithm.AES_128, { keyLength: 16, blockLength: 16 }],
  [Algorithm.AES_192, { keyLength: 24, blockLength: 16 }],
  [Algorithm.AES_256, { keyLength: 32, blockLength: 16 }],
]);

export function encryptBlock(algorithm: number, key: Uint8Array, block: Uint8Array): Uint8Array {
  return cipherBlock('encrypt', algorithm, key, block);
}

export function decryptBlock(algorithm: number, key: Uint8Array, block: Uint8Array): Uint8Array {
  return cipherBlock('decrypt', algorithm, key, block);
}

function cipherBlock(type: 'encrypt' | 'decrypt', algorithm: number, key: Uint8Array, block: Uint8Array): Uint8Array {
  if (algorithm === Algorithm.TDES) {
    const cipher = EDE.create({ type, key, padding: false });
    return Uint8Array.from(cipher.update(block).concat(cipher.final()));
  }
  const aes = ecb(key, { disablePadding: true });
  return type === 'encrypt' ? aes.encrypt(block) : aes.decrypt(block);
}
