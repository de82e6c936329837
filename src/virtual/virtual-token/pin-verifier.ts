/**
 * PIN/PUK reference data kept as a verifier instead of the value (DESIGN.md §7: a PIN is never stored on the
 * computer). A real card also keeps its reference data (SP 800-73-4 Part 2 §2.4.3) — but inside the chip; the
 * demo card's state lives in browser storage, so it keeps only PBKDF2-HMAC-SHA-256 (RFC 8018 §5.2) of the
 * 8-byte padded block with a per-value random salt. A verifier of a 6–8 digit PIN is still guessable offline
 * (10^8 tries at most), which is why the demo tells the user not to type a real PIN into it.
 */
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from './card-codec';

/**
 * 2,000 iterations: a VERIFY (and each factory card, which derives PIN and PUK) costs about a millisecond in
 * pure JS, so unit and property tests that build thousands of cards stay fast. It only slows a guess; the
 * small PIN space, not the count, is the real limit (see above).
 */
export const PIN_VERIFIER_ITERATIONS = 2000;
const SALT_LENGTH = 16;

export interface PinVerifier {
  readonly salt: Uint8Array;
  readonly iterations: number;
  readonly hash: Uint8Array;
}

function derive(block: Uint8Array, salt: Uint8Array, iterations: number): Uint8Array {
  return pbkdf2(sha256, block, salt, { c: iterations, dkLen: 32 });
}

/** Makes the verifier of an 8-byte padded reference block with a fresh random salt. */
export function makeVerifier(block: Uint8Array, iterations = PIN_VERIFIER_ITERATIONS): PinVerifier {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_LENGTH));
  return { salt, iterations, hash: derive(block, salt, iterations) };
}

/** True when `candidate` (8-byte padded block) is the value this verifier was made from. */
export function verifierMatches(verifier: PinVerifier, candidate: Uint8Array): boolean {
  return equalBytes(derive(candidate, verifier.salt, verifier.iterations), verifier.hash);
}

const defaults = new Map<string, PinVerifier>();

/**
 * The verifier of a factory value (public, printed in every manual), made once per process: a fresh card and
 * a YubiKey RESET then cost no derivation. A value the user sets always gets its own random salt.
 */
export function factoryVerifier(block: Uint8Array): PinVerifier {
  const key = Array.from(block, (b) => b.toString(16).padStart(2, '0')).join('');
  let verifier = defaults.get(key);
  if (!verifier) {
    verifier = makeVerifier(block);
    defaults.set(key, verifier);
  }
  return verifier;
}
