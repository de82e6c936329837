/**
 * Which certificate may escrow a key serial's PUK (issue 14 §2, security review H2, code review defect 8): the
 * first committed escrow binds the key serial to the certificate that signed it; afterwards only that
 * certificate or one of its renewals (a chain of kur, each recorded with the serial it renewed) may replace it.
 */
import type { CaRepository } from '../storage/repository';

/** Far more renewals than a token sees in its life; bounds the walk over a corrupted or cyclic history. */
const MAX_RENEWALS = 64;

/** True when `serial` is `ancestor` or was issued by a chain of key updates starting from it. */
export async function descendsFrom(repository: CaRepository, serial: string, ancestor: string): Promise<boolean> {
  let current: string | null = serial;
  for (let step = 0; current !== null && step <= MAX_RENEWALS; step++) {
    if (current === ancestor) return true;
    current = await repository.findRenewedSerial(current);
  }
  return false;
}

/**
 * True when the signer may escrow for this key serial: bound to the signer's lineage; or unbound and either
 * enrolled for the signer's lineage (`ca enroll --key-serial`: the first binding follows a fact the CA issued,
 * review defect 3) or named by no enrollment at all (first use: the trust assumption the README states).
 */
export async function mayEscrow(repository: CaRepository, keySerial: string, signerSerial: string): Promise<boolean> {
  const bound = await repository.findEscrowBinding(keySerial);
  if (bound !== null) return descendsFrom(repository, signerSerial, bound);
  const enrolled = await repository.findEnrolledCertificates(keySerial);
  if (enrolled === null) return true;
  for (const serial of enrolled) if (await descendsFrom(repository, signerSerial, serial)) return true;
  return false;
}
