/**
 * The token-side pieces of the renewal steps: signers over the token (VERIFY right before each signature,
 * issue 7 §3), the test signature of the new key against the new certificate, and clearing the new slot.
 */
import { NotFoundError } from '../../apdu/errors';
import { NotSupportedError } from '../../shared/errors/common-errors';
import type { CmpSigner } from '../../shared/cmp/signer';
import { signatureAlgorithmIdentifier } from '../../shared/cmp/signer';
import { parseCertificate } from '../../shared/pki/parse-certificate';
import { verifySignature } from '../../shared/pki/signature-registry';
import { signatureAlgorithmFor } from './free-slot';
import type { RenewalJournal } from './journal';
import type { RenewalContext } from './ports';

export function tokenSigner(ctx: RenewalContext, journal: RenewalJournal, slot: number): CmpSigner {
  return { algorithm: signatureAlgorithmFor(journal.algorithm), sign: (data) => ctx.token.signWithPin(slot, data, ctx.pin) };
}

/**
 * Signs fresh random bytes with the key in `slot` and checks them with the certificate's public key. No key in
 * the slot (6A82/6A88: the card was reset or replaced by one with the same serial) is a mismatch, not a hang.
 */
export async function keyMatchesCertificate(ctx: RenewalContext, journal: RenewalJournal, slot: number, certificate: Uint8Array): Promise<boolean> {
  const challenge = new Uint8Array(32);
  globalThis.crypto.getRandomValues(challenge);
  const signer = tokenSigner(ctx, journal, slot);
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

/** Removes what the renewal put in the new slot; every part is idempotent (a resumed clear finds less to do). */
export async function clearNewSlot(ctx: RenewalContext, journal: RenewalJournal): Promise<void> {
  if ((await ctx.token.readCertificate(journal.newSlot)) !== null) await ctx.token.deleteCertificate(journal.newSlot);
  if (journal.newPublicKey) await ctx.token.moveKey(journal.newSlot, null);
}

/**
 * The slot has no key: the card answers 6A82/6A88, or (PIV without a certificate to tell the algorithm) the
 * profile cannot say what key the slot holds because there is none.
 */
export function isMissingKeyError(error: unknown): boolean {
  return error instanceof NotFoundError || (error instanceof NotSupportedError && error.feature === 'slot algorithm');
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
