/**
 * The renewal journal (issue 10 §2): one record per renewal, written durably BEFORE each step's effect, so a
 * crash, an unplugged key or a closed tab resumes at the recorded step. Plain data (structured clone safe).
 * A PIN or management key never enters it.
 */
import type { CmpTransaction } from '../../shared/cmp';
import type { KeyAlgorithmName } from '../../cards/seam';

/**
 * The steps, in order. Each names what is already done and durable:
 *  planned             a free spare key reference is chosen; nothing on the token changed yet
 *  key-generated       the new key is in `newKeyRef` (the old key stays in `mainKeyRef`)
 *  request-built       the kur (RFC 9810 §5.3.5) is signed and stored; re-sending it is idempotent (the CA keys on it)
 *  waiting             the CA answered `waiting` (§5.3.22); a pollReq follows after `checkAfter`
 *  answered            the CA's certificate passed verifyCmpResponse
 *  certificate-written the certificate is in `newKeyRef`'s object and read back identical
 *  tested              a test signature by the new key verified against the new certificate
 *  confirm-built       the certConf (§5.3.18) is signed and stored; re-sending it is idempotent
 *  confirmed           the CA answered pkiconf
 *  main-certificate-written  the new certificate is in `mainKeyRef` too (the new key still in `newKeyRef`)
 *  done                the new key and certificate are in `mainKeyRef` (the card relocated the key), or `activeKeyRef` names `newKeyRef`
 *  rejecting           a check failed after the answer: certConf(reject) stored, the key reference is being cleared
 *  failed              ended without a new certificate; `failure` says why; the new key reference is cleared — except
 *                      after `answered` (`keyKept`): a key the CA certified is never deleted (issue 15 §2)
 */
export const RENEWAL_STEPS = [
  'planned',
  'key-generated',
  'request-built',
  'waiting',
  'answered',
  'certificate-written',
  'tested',
  'confirm-built',
  'confirmed',
  'main-certificate-written',
  'done',
  'rejecting',
  'failed',
] as const;

export type RenewalStep = (typeof RENEWAL_STEPS)[number];

export const FINAL_STEPS: ReadonlySet<RenewalStep> = new Set(['done', 'failed']);

export interface RenewalFailure {
  /** Stable code: the error's `name` (e.g. CmpRejectedError) or a check of ours. */
  readonly code: string;
  readonly message: string;
}

export interface RenewalJournal {
  readonly id: string;
  readonly tokenId: string;
  /** The token's serial (or card identifier) at planning: every later step refuses another key. */
  readonly tokenSerial: string;
  /** Key reference being renewed (the profile issued it; opaque here): where the old key and certificate are. */
  readonly mainKeyRef: number;
  /**
   * The key reference whose role the new key takes, when it differs from `mainKeyRef`: renewing again a key that
   * an earlier renewal on a card that cannot relocate keys left under a spare key reference. key-map.ts.
   */
  readonly roleKeyRef?: number;
  /** The free spare key reference that receives the new key. */
  readonly newKeyRef: number;
  readonly algorithm: KeyAlgorithmName;
  /** CMP endpoint (RFC 9811 §3). */
  readonly caUrl: string;
  /** The certificate being renewed (DER), and the CA certificates above it. */
  readonly oldCertificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  /** The CA's pinned CMP signer certificate (DER). */
  readonly caCmpCertificate: Uint8Array;
  readonly step: RenewalStep;
  readonly newPublicKey?: Uint8Array;
  /** How many times a key was generated in `newKeyRef` (issue 15 §2: at most twice, one re-make after a reset). */
  readonly keyGenerations?: number;
  /** The message to (re-)send for the current step: kur, pollReq or certConf. */
  readonly pendingRequest?: Uint8Array;
  readonly transaction?: CmpTransaction;
  /** ISO 8601: when the CA said to poll again. */
  readonly checkAfter?: string;
  readonly newCertificate?: Uint8Array;
  /** Set when the card cannot relocate keys: the new key reference is the one to use for signing and sign-in. */
  readonly activeKeyRef?: number;
  readonly failure?: RenewalFailure;
  /**
   * Failed after the CA certified the new key (its certConf was refused): the key and certificate stay in
   * `newKeyRef` — never cleared after `answered` (issue 15 §2) — so the key reference stays claimed.
   */
  readonly keyKept?: boolean;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Where journals live (IndexedDB in the worker, memory in tests). `save` must be durable when it resolves. */
export interface RenewalJournalStore {
  save(journal: RenewalJournal): Promise<void>;
  get(id: string): Promise<RenewalJournal | null>;
  listByToken(tokenId: string): Promise<RenewalJournal[]>;
}

export function isFinal(journal: RenewalJournal): boolean {
  return FINAL_STEPS.has(journal.step);
}

/** The step's position for progress ("step 3 of 10"); rejecting/failed count as the end. */
export function stepIndex(step: RenewalStep): number {
  return step === 'rejecting' || step === 'failed' ? RENEWAL_STEPS.indexOf('done') : RENEWAL_STEPS.indexOf(step);
}

export class MemoryRenewalJournalStore implements RenewalJournalStore {
  private readonly records = new Map<string, RenewalJournal>();

  save(journal: RenewalJournal): Promise<void> {
    this.records.set(journal.id, structuredClone(journal));
    return Promise.resolve();
  }

  get(id: string): Promise<RenewalJournal | null> {
    const found = this.records.get(id);
    return Promise.resolve(found ? structuredClone(found) : null);
  }

  listByToken(tokenId: string): Promise<RenewalJournal[]> {
    return Promise.resolve([...this.records.values()].filter((j) => j.tokenId === tokenId).map((j) => structuredClone(j)));
  }
}

/**
 * Key references whose key and certificate belong together right now, best first. Between writing the new
 * certificate to the main key reference and relocating the key, the main key reference holds the new certificate with the old key and the
 * new key reference is the working one; after the relocation (before the journal says done) it is the main key reference again. Signing
 * and sign-in try these while a renewal is in flight; resuming the renewal settles it.
 */
export function workingKeyRefs(journal: RenewalJournal): number[] {
  if (journal.activeKeyRef !== undefined) return [journal.activeKeyRef];
  // From `confirmed` the certificate may already be in the main key reference (written, journal not yet saved).
  return journal.step === 'confirmed' || journal.step === 'main-certificate-written' ? [journal.newKeyRef, journal.mainKeyRef] : [journal.mainKeyRef];
}
