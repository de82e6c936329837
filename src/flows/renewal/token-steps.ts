/**
 * The token-side pieces of the renewal steps: signers over the token (VERIFY right before each signature,
 * issue 7 §3), the test signature of the new key against the new certificate, and clearing the new key reference.
 */
import { NotFoundError } from '../../apdu';
import { signatureAlgorithmIdentifier, type CmpSigner } from '../../shared/cmp';
import { parseCertificate, verifySignature } from '../../shared/pki';
import { signatureAlgorithmFor } from './signature-algorithm';
import type { RenewalJournal } from './journal';
import type { RenewalContext } from './ports';

/**
 * The journal's algorithm travels with every signature (issue 15 §2): a card that cannot report a key's algorithm cannot tell
 * the algorithm of a fresh key before its certificate exists, and the old key has the same algorithm (plan.ts).
 */
export function tokenSigner(ctx: RenewalContext, journal: RenewalJournal, keyRef: number): CmpSigner {
  return { algorithm: signatureAlgorithmFor(journal.algorithm), sign: (data) => ctx.token.signWithPin(keyRef, data, ctx.pin, journal.algorithm) };
}

/**
 * Signs fresh random bytes with the key in `keyRef` and checks them with the certificate's public key. No key in
 * the key reference (6A82/6A88: the card was reset or replaced by one with the same serial) is a mismatch, not a hang.
 */
export async function keyMatchesCertificate(ctx: RenewalContext, journal: RenewalJournal, keyRef: number, certificate: Uint8Array): Promise<boolean> {
  const challenge = new Uint8Array(32);
  globalThis.crypto.getRandomValues(challenge);
  const signer = tokenSigner(ctx, journal, keyRef);
  let signature: Uint8Array;
  try {
    signature = await signer.sign(challenge);
  } catch (error) {
    if (isMissingKeyError(error)) return false;
    throw error;
  }
  return verifySignature(
    { tbs: challenge, signatureAlgorithm: signatureAlgorithmIdentifier(signer.algorithm), signature },
    parseCertificate(certificate).spki,
  );
}

/** Removes what the renewal put in the new key reference; every part is idempotent (a resumed clear finds less to do). */
export async function clearNewSlot(ctx: RenewalContext, journal: RenewalJournal): Promise<void> {
  if ((await ctx.token.readCertificate(journal.newKeyRef)) !== null) await ctx.token.deleteCertificate(journal.newKeyRef);
  if (journal.newPublicKey) await ctx.token.relocateKey(journal.newKeyRef, null);
}

/** SW 6A82 "file or application not found" and 6A88 "referenced data not found" (ISO 7816-4 §5.1.3 table 6). */
const KEY_MISSING_STATUS_WORDS: ReadonlySet<number> = new Set([0x6a82, 0x6a88]);

/**
 * The key reference has no key: only the card's own 6A82/6A88 says so (issue 15 §2). Anything else — a profile that
 * cannot tell the algorithm, a refused PIN, a dead link — is not "missing" and must not make a key again.
 */
export function isMissingKeyError(error: unknown): boolean {
  return error instanceof NotFoundError && KEY_MISSING_STATUS_WORDS.has(error.sw);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
