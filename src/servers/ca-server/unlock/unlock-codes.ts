/**
 * The one-time 解锁授权码 (issue 10 §4): 16 random digits, single use, short lifetime, a few attempts, bound to
 * one unlock request and one key. Stored only sealed to the CA's escrow key; the operator reads it once.
 * Why 16 and not 8: an intercepted release lets an attacker test codes offline against its PBM (security review
 * L2); 10^16 codes × 10,000 SHA-256 each outlast any GPU farm within the code's lifetime — the arithmetic is in
 * ../README.md "How long the unlock code is".
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { UNLOCK_CODE_DIGITS } from '../../../shared/cmp';

export const CODE_DIGITS = UNLOCK_CODE_DIGITS;
export const DEFAULT_CODE_TTL_SECONDS = 15 * 60;
export const DEFAULT_CODE_ATTEMPTS = 5;

export function newUnlockCode(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint32Array(CODE_DIGITS));
  // Rejection-free: 2^32 mod 10 bias is below 1e-9 per digit, irrelevant against a 5-attempt limit.
  return Array.from(bytes, (b) => String(b % 10)).join('');
}

export function newRequestId(): string {
  return bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(8)));
}
