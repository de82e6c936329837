/**
 * The token-side pieces of the renewal steps: signers over the token (VERIFY right before each signature,
 * issue 7 §3), the test signature of the new key against the new certificate, and clearing the new slot.
 */
import type { CmpSigner } from '../cmp/signer';
import { signatureAlgorithmIdentifier } from '../cmp/signer';
import { parseCertificate } from '../pki/parse-certificate';
import { verifySignature } from '../pki/signature-registry';
import { signatureAlgorithmFor } from './free-slot';
import type { RenewalJournal } from './journal';
import type { RenewalContext } from './ports';

export function tokenSigner(ctx: RenewalContext, journal: RenewalJournal, slot: number): CmpSigner {
  return { algorithm: signatureAlgorithmFor(journal.algorithm), sign: (data) => ctx.token.signWithPin(slot, data, ctx.pin) };
}

/** Signs fresh random bytes with the key in `slot` and checks them with the certificate's public key. */
export async function keyMatchesCertificate(ctx: RenewalContext, journal: RenewalJournal, slot: number, certificate: Uint8Array): Promise<boolean> {
  const challenge = new Uint8Array(32);
  globalThis.crypto.getRandomValues(challenge);
  const signer = tokenSigner(ctx, journal, slot);
  const signature = await signer.sign(challenge);
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

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
