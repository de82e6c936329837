/**
 * Who sent a certificate request or its follow-up (issue 14 §2, security review M1): a holder — signature by a
 * certificate of this CA — or an enrollment registered beforehand — PBM with its secret, senderKID = reference
 * (RFC 9810 §5.1.3.1, RFC 9483 §3.2). The requester's id is stored with the transaction; certConf and pollReq are
 * accepted only with the same id, i.e. protected by the same key or the same secret.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CMP_OID, verifyMacProtection, open, type DecodedPkiMessage } from '../../shared/cmp';
import type { CaMaterial } from './ca-material';
import { enrollmentSealLabel } from './enrollment/enroll';
import { authenticateSigner, RequestRefused, type IssuedHere } from './request-checks';
import type { SignerCertificate } from './signer-facts';
import type { CaRepository, EnrollmentRecord } from './storage/repository';

export type Requester =
  | { readonly kind: 'holder'; readonly id: string; readonly signer: SignerCertificate }
  | { readonly kind: 'enrollment'; readonly id: string; readonly enrollment: EnrollmentRecord };

/**
 * A certificate this CA stored at issuance, byte for byte (saves a signature check per request, issue 14 §4).
 * The same lookup refuses a revoked or superseded signer (review defect 5: an updated certificate neither updates
 * again nor escrows), so the kur hot path reads no extra row.
 */
export function issuedHere(repository: CaRepository, followUp = false): IssuedHere {
  return async (serial, der) => {
    const stored = await repository.findCertificate(serial);
    // A follow-up (certConf, pollReq) of a transaction the retired certificate started is still its own: the
    // kur that superseded it is confirmed again by the client that re-sent it (RFC 9810 §5.3.18).
    if (!followUp && stored && (stored.status === 'superseded' || stored.status === 'revoked')) {
      throw new RequestRefused('certRevoked', `此证书已${stored.status === 'superseded' ? '被更新的证书取代' : '吊销'} / this certificate was ${stored.status}`);
    }
    return stored !== null && stored.der.length === der.length && stored.der.every((b, i) => b === der[i]);
  };
}

export const holderId = (signer: SignerCertificate): string => `key:${bytesToHex(sha256(signer.spki))}`;

const isMac = (message: DecodedPkiMessage): boolean => {
  const alg = message.header.protectionAlg?.algorithm;
  return alg === CMP_OID.passwordBasedMac || alg === CMP_OID.pbmac1;
};

/**
 * Checks the protection and names the requester. For an enrollment: the reference exists and the secret's MAC
 * verifies (badMessageCheck otherwise — one answer for both, so references cannot be probed); whether it is
 * still usable is the caller's question (a follow-up uses it after it was spent).
 */
export async function authenticateRequester(message: DecodedPkiMessage, ca: CaMaterial, repository: CaRepository, followUp = false): Promise<Requester> {
  if (!isMac(message)) {
    const signer = await authenticateSigner(message, ca.caCertificate, issuedHere(repository, followUp));
    return { kind: 'holder', id: holderId(signer), signer };
  }
  const reference = message.header.senderKID ? new TextDecoder().decode(message.header.senderKID) : '';
  const enrollment = reference ? await repository.findEnrollment(reference) : null;
  const secret = enrollment ? await open(ca.escrowPrivateKey, enrollment.sealedSecret, enrollmentSealLabel(reference), 'code').catch(() => null) : null;
  let verified = false;
  try {
    verified = secret !== null && verifyMacProtection(message, secret);
  } catch {
    verified = false; // malformed PBM parameters
  }
  if (!enrollment || !verified) throw new RequestRefused('badMessageCheck', 'the reference is unknown or the secret does not match');
  return { kind: 'enrollment', id: `ref:${reference}`, enrollment };
}
