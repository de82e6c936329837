/**
 * Random unblock codes for escrow (issue 10 §4): 8 decimal digits, the longest reference data the escrowing
 * card accepts (SP 800-73-4 Part 2 §2.4.3), from crypto.getRandomValues. Bytes ≥ 250 are rejected so every digit is uniform (250 = 25 × 10);
 * a plain `byte % 10` would favour 0–5.
 */
export const UNBLOCK_CODE_LENGTH = 8;
const ACCEPT_BELOW = 250;

export type RandomFill = (bytes: Uint8Array) => Uint8Array;

const cryptoFill: RandomFill = (bytes) => globalThis.crypto.getRandomValues(bytes);

/** One uniformly random 8-digit unblock code. `fill` is injectable for tests; it must fill the whole array. */
export function randomUnblockCode(fill: RandomFill = cryptoFill): string {
  let out = '';
  const buffer = new Uint8Array(16);
  while (out.length < UNBLOCK_CODE_LENGTH) {
    fill(buffer);
    for (const byte of buffer) {
      if (byte >= ACCEPT_BELOW) continue;
      out += String(byte % 10);
      if (out.length === UNBLOCK_CODE_LENGTH) break;
    }
  }
  buffer.fill(0);
  return out;
}
