/**
 * The two-phase escrow of the card's unblock code (issue 10 §4): CA stores the new code pending → the card
 * changes it (CHANGE REFERENCE DATA, ISO 7816-4 §11.5.7, through the card port) → CA commits. Every phase is written durably before the step that
 * depends on it, and no unblock code is ever written, so a run killed anywhere is resumed from what the record, the card
 * and the CA say — never by trying an unblock code to see whether it works.
 *
 * Why the detour through the factory code: after a crash the new code is gone from memory, and the only thing a
 * card can say about its unblock code without spending a try is "still the factory value" (where it can tell).
 * So every change goes from or to the factory code, and "did CHANGE REFERENCE DATA happen?" becomes a question
 * the card answers. A card that cannot answer leaves the record `escrow-unresolved` rather than guessing.
 *
 * Order (review defect 7): the CA round trips (escrow key, pending store) come first, while the card still holds
 * its unblock code; then old → factory and factory → new run back to back with only local record writes between them, so
 * a slow or dead network never leaves the factory unblock code on the card.
 *
 * The detour is only worth taking where it buys that answer (issue 15 §1): the card's factory code is documented
 * (`factoryUnblockCode`) and the card tells "still factory" without a try (`cardTellsFactory`). Any other card (its code
 * set by the issuer, or no such read) changes old → new in one CHANGE REFERENCE DATA, never through a public
 * code it could not confirm afterwards; a crash in that one command stays `escrow-unresolved`.
 */
import { ApduError } from '../../apdu';
import type { BuiltCmpRequest, CmpTransaction } from '../../shared/cmp';
import { UnlockStateError } from './errors';
import type { EscrowPhase, EscrowRecord, EscrowRecordStore } from './escrow-record';
import { randomUnblockCode } from './unblock-code-generator';

export interface EscrowCardPort {
  /** The card's change of its unblock code, sent once; throws ApduError when the card refuses (nothing changed). */
  changeUnblockCode(current: string, next: string): Promise<void>;
  /** True/false when the card says whether its unblock code is the factory value (no try spent); null when it cannot. */
  unblockCodeIsFactory(): Promise<boolean | null>;
}

export interface EscrowCaPort {
  /**
   * Phase 1: seals `unblockCode` to the CA's escrow key, stores it pending, and returns the signed commit message.
   * null when no PIN was given this run: signing the escrow messages needs the token key.
   */
  readonly storePending: ((unblockCode: string) => Promise<{ escrowId: string; commit: BuiltCmpRequest }>) | null;
  /** Phase 2: sends (or re-sends, byte for byte) the commit message and checks the CA's answer. */
  sendCommit(der: Uint8Array, transaction: CmpTransaction): Promise<void>;
}

export interface EscrowPorts {
  readonly card: EscrowCardPort;
  readonly ca: EscrowCaPort;
  readonly store: EscrowRecordStore;
  /** The unblock code the card ships with, as its profile documents it; null when the issuer sets it. */
  readonly factoryUnblockCode: string | null;
  /** The card can tell whether its unblock code is still the factory one without spending a try. */
  readonly cardTellsFactory: boolean;
  readonly now: () => number;
  readonly newUnblockCode?: () => string;
}

/**
 * Where a run resumes after a crash, from the phase and what the card says. 'unresolved' when it cannot say.
 * `direct`: the run's change went straight from the holder's unblock code to the new one — "not factory" then proves
 * nothing, so a crash in `changing` is never guessed either way.
 */
export function resumePhase(phase: EscrowPhase, unblockCodeIsFactory: boolean | null, direct = false): EscrowPhase | 'unresolved' {
  if (phase === 'changing' && direct) return 'unresolved';
  switch (phase) {
    case 'resetting':
      return unblockCodeIsFactory === null ? 'unresolved' : unblockCodeIsFactory ? 'at-factory' : 'kept-old';
    case 'pending':
      // The new unblock code died with the run; the card never saw it (the pending escrow is simply never committed), so
      // the card holds the unblock code the run started from. Unknown → `kept-old`: the next registration starts from
      // what the card says, whereas `at-factory` would send the factory unblock code to a card that may not hold it.
      return unblockCodeIsFactory === true ? 'at-factory' : 'kept-old';
    case 'changing':
      return unblockCodeIsFactory === null ? 'unresolved' : unblockCodeIsFactory ? 'at-factory' : 'changed';
    default:
      return phase;
  }
}

const NEEDS_CARD: readonly EscrowPhase[] = ['resetting', 'pending', 'changing'];

export interface StartEscrow {
  readonly tokenId: string;
  readonly keySerial: string;
  /** The unblock code on the card now (the factory one, the user's own, or the one the CA just released). */
  readonly currentUnblockCode: string;
  /** The CA's committed escrow matches the card now (a re-registration, or the rotation after an unlock). */
  readonly committedBefore: boolean;
}

/**
 * Runs (start given) or resumes (start null) the escrow of one token to `committed` or `kept-old`.
 * Throws UnlockStateError('needs-pin') when the next step needs signing and no PIN was given, and
 * UnlockStateError('escrow-unresolved') when the card cannot tell what a crash left.
 */
export async function runEscrow(existing: EscrowRecord | null, start: StartEscrow | null, ports: EscrowPorts): Promise<EscrowRecord> {
  let record = existing;
  const put = async (phase: EscrowPhase, extra: Partial<EscrowRecord> = {}): Promise<EscrowRecord> => {
    if (!record) throw new UnlockStateError('unknown-request', 'no escrow record to advance');
    record = { ...record, ...extra, phase, updatedAt: ports.now() };
    await ports.store.put(record);
    return record;
  };
  if (record && record.phase !== 'committed' && record.phase !== 'kept-old') {
    const said = NEEDS_CARD.includes(record.phase) ? await ports.card.unblockCodeIsFactory() : null;
    const next = resumePhase(record.phase, said, record.directChange === true);
    if (next === 'unresolved') throw new UnlockStateError('escrow-unresolved', `the card cannot tell whether the unblock-code change of phase ${record.phase} happened`);
    if (next !== record.phase) await put(next);
  } else if (start) {
    record = { tokenId: start.tokenId, keySerial: start.keySerial, phase: 'kept-old', escrowId: null, commitDer: null, commitTransaction: null, committedBefore: start.committedBefore, updatedAt: ports.now() };
    if (ports.factoryUnblockCode !== null && start.currentUnblockCode === ports.factoryUnblockCode) await put('at-factory');
    else await escrowThenChange(ports, put, start.currentUnblockCode);
  }
  if (!record) throw new UnlockStateError('unknown-request', 'no escrow registration for this key');
  if (record.phase === 'at-factory') await escrowThenChange(ports, put, null);
  if (record.phase === 'changed') {
    if (!record.commitDer || !record.commitTransaction) throw new UnlockStateError('escrow-unresolved', 'the commit message is missing from the record');
    await ports.ca.sendCommit(record.commitDer, record.commitTransaction);
    await put('committed');
  }
  return record;
}

/**
 * Phase 1 at the CA, then the card: the pending escrow (network) is stored and recorded before any card
 * command; `from` (a non-factory unblock code) goes to the factory one and straight on to the new one — or straight to
 * the new one where the factory code buys no answer after a crash. `from` null: the card is at the factory code.
 */
async function escrowThenChange(ports: EscrowPorts, put: (phase: EscrowPhase, extra?: Partial<EscrowRecord>) => Promise<EscrowRecord>, from: string | null): Promise<void> {
  if (!ports.ca.storePending) throw new UnlockStateError('needs-pin', 'the PIN is needed to finish registering online unlock');
  const factory = ports.factoryUnblockCode;
  if (from === null && factory === null) throw new UnlockStateError('unblock-code-needed', 'the card has no documented factory unblock code: enter the current one');
  const unblockCode = (ports.newUnblockCode ?? randomUnblockCode)();
  const { escrowId, commit } = await ports.ca.storePending(unblockCode);
  await put('pending', { escrowId, commitDer: commit.der, commitTransaction: commit.transaction });
  if (from !== null && (factory === null || !ports.cardTellsFactory)) {
    // No answer to gain from the factory code: one change, old → new (how, is the card profile's rule).
    await put('changing', { directChange: true });
    await changeOnce(ports.card, from, unblockCode, () => put('kept-old'));
    await put('changed');
    return;
  }
  // Not reached (refused above, before any CA round trip); kept so the type narrows without an assertion.
  if (factory === null) throw new UnlockStateError('unblock-code-needed', 'the card has no documented factory unblock code: enter the current one');
  if (from !== null) {
    await put('resetting');
    await changeOnce(ports.card, from, factory, () => put('kept-old'));
  }
  await put('changing', { directChange: false });
  // Refused: the card's unblock code is not the factory one after all; final, so no later run tries it again.
  await changeOnce(ports.card, factory, unblockCode, () => put('kept-old'));
  await put('changed');
}

/**
 * One change command. A refusal from the card (ApduError: wrong unblock code, blocked) proves nothing changed,
 * so the record goes back (`refused`) and the error surfaces; anything else (unplugged, crash) leaves the
 * "changing" phase for the card to settle on the next run.
 */
async function changeOnce(card: EscrowCardPort, current: string, next: string, refused: () => Promise<unknown>): Promise<void> {
  try {
    await card.changeUnblockCode(current, next);
  } catch (error) {
    if (error instanceof ApduError) await refused();
    throw error;
  }
}
