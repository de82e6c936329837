/**
 * Planning a renewal: the window rule first (refused before any key is generated); the key reference for the
 * new key comes from the card profile's allocator (issue 15 §2), asked by the caller after the window passed.
 * The journal record is the only output; the caller saves it before doing anything to the token.
 */
import type { RenewalRule } from '../../shared/ca-profiles';
import { parseCertificate } from '../../shared/pki';
import type { KeyAlgorithmName } from '../../cards/seam';
import { RenewalStateError } from './errors';
import type { RenewalJournal } from './journal';
import { assertRenewable, type RenewalWindow } from './window';

export interface PlanInput {
  readonly id: string;
  readonly tokenId: string;
  readonly tokenSerial: string;
  readonly mainKeyRef: number;
  /** The key reference whose role the renewed key takes (default `mainKeyRef`; differs after an earlier renewal on a card that cannot relocate keys). */
  readonly roleKeyRef?: number;
  readonly oldCertificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly caCmpCertificate: Uint8Array;
  readonly caUrl: string;
  readonly rule: RenewalRule;
  /** Where the new key goes: asks the profile's allocator (throws its refusal), only once the window is open. */
  readonly newKeyRef: () => Promise<number>;
  readonly now: Date;
}

/** The new key has the old key's algorithm (the CA profile certified that kind of key). */
export function keyAlgorithmOf(certificateDer: Uint8Array): KeyAlgorithmName {
  const key = parseCertificate(certificateDer).publicKey;
  if (key.kind === 'RSA' && key.bits === 2048) return 'RSA-2048';
  if (key.kind === 'EC' && key.curve === 'P-256') return 'ECC-P256';
  if (key.kind === 'EC' && key.curve === 'P-384') return 'ECC-P384';
  throw new RenewalStateError('no-certificate', `A ${key.kind} ${key.bits}-bit key cannot be generated on this token`);
}

export async function planRenewal(input: PlanInput): Promise<{ journal: RenewalJournal; window: RenewalWindow }> {
  const window = assertRenewable(parseCertificate(input.oldCertificate).notAfter, input.rule, input.now);
  const algorithm = keyAlgorithmOf(input.oldCertificate);
  const newKeyRef = await input.newKeyRef();
  const at = input.now.toISOString();
  const journal: RenewalJournal = {
    id: input.id,
    tokenId: input.tokenId,
    tokenSerial: input.tokenSerial,
    mainKeyRef: input.mainKeyRef,
    ...(input.roleKeyRef !== undefined && input.roleKeyRef !== input.mainKeyRef ? { roleKeyRef: input.roleKeyRef } : {}),
    newKeyRef,
    algorithm,
    caUrl: input.caUrl,
    oldCertificate: input.oldCertificate,
    chain: input.chain,
    caCmpCertificate: input.caCmpCertificate,
    step: 'planned',
    createdAt: at,
    updatedAt: at,
  };
  return { journal, window };
}
