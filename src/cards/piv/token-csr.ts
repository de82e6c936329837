/**
 * A PKCS#10 request (RFC 2986) for a key on the token, signed by the token, with the subject copied from the
 * certificate the user renews — what a CA's renewal portal asks for. Subject and public key are read first;
 * with a PIN, VERIFY is then sent right before the signature (SP 800-73-4 Part 2 §3.2.4: GENERAL AUTHENTICATE
 * with a slot key needs it, 9C immediately before every use — issue 7 §3); without one the caller verified.
 */
import { NotSupportedError } from '../../shared/errors';
import { buildCsr, subjectFromCertificate, verifyCsr } from '../../shared/pki';
import type { SlotId } from './constants';
import { PivCsrSigner, TOKEN_CSR_ALGORITHMS, type TokenCsrAlgorithm } from './csr-signer';
import { PivDataError } from './errors';
import { publicKeyTemplateToSpki } from './keys';
import type { PivSession } from './session';

export interface TokenCsrRequest {
  /** The slot whose key signs and is certified. */
  readonly slot: SlotId;
  readonly algorithm: TokenCsrAlgorithm;
  /** The slot whose current certificate gives the subject; default `slot`. Ignored when subjectDer is given. */
  readonly subjectFromSlot?: SlotId;
  /** An explicit DER Name instead of a certificate's subject. */
  readonly subjectDer?: Uint8Array;
  /**
   * SubjectPublicKeyInfo DER of the slot's key (what generateKey returned). Omitted: GET METADATA of the slot
   * where the card has it (YubiKey extension), else NotSupportedError.
   */
  readonly publicKeySpki?: Uint8Array;
}

function slotLabel(slot: SlotId): string {
  return slot.toString(16).toUpperCase();
}

async function subjectFor(session: PivSession, request: TokenCsrRequest): Promise<Uint8Array> {
  if (request.subjectDer !== undefined) return request.subjectDer;
  const from = request.subjectFromSlot ?? request.slot;
  const der = await session.readCertificate(from);
  if (der === null) {
    throw new NotSupportedError('CSR subject', `Slot ${slotLabel(from)} has no certificate to copy the subject from`, 'no-certificate');
  }
  return subjectFromCertificate(der);
}

async function publicKeyFor(session: PivSession, request: TokenCsrRequest): Promise<Uint8Array> {
  if (request.publicKeySpki !== undefined) return request.publicKeySpki;
  const piv = TOKEN_CSR_ALGORITHMS[request.algorithm].piv;
  const context = `GET METADATA ${slotLabel(request.slot)}`;
  const meta = await session.getMetadata(request.slot);
  if (piv === null || meta.publicKey === null) {
    throw new NotSupportedError('CSR public key', `The card does not report the public key of slot ${slotLabel(request.slot)}`);
  }
  if (meta.algorithm !== piv) throw new PivDataError(context, `slot holds algorithm ${String(meta.algorithm)}, not ${request.algorithm}`);
  return publicKeyTemplateToSpki(piv, meta.publicKey, context);
}

/**
 * Builds and returns the DER CSR. Before handing it out we check its signature with the public key it
 * carries (as the CA will): a slot holding another key than `publicKeySpki` gives PivDataError, not a CSR the
 * portal rejects later.
 */
export async function buildTokenCsr(session: PivSession, request: TokenCsrRequest, pin?: string): Promise<Uint8Array> {
  const signer = new PivCsrSigner(session, request.slot, request.algorithm, pin);
  const subject = await subjectFor(session, request);
  const publicKeySpki = await publicKeyFor(session, request);
  const csr = await buildCsr({ subject, publicKeySpki, signer });
  if (!(await verifyCsr(csr))) {
    throw new PivDataError(`CSR ${slotLabel(request.slot)}`, 'the token signature does not match the given public key');
  }
  return csr;
}
