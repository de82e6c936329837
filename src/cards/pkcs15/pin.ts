/**
 * PIN commands on the AODF's PIN reference (ISO 7816-4 §11.5.6 VERIFY, §11.5.7 CHANGE REFERENCE DATA). A PIN
 * goes to the card once per call, in a buffer wiped after the exchange; never logged, never retried
 * (DESIGN.md §7). Tries are read with a VERIFY without data, which spends none.
 */
import { errorForStatusWord, pinCounterFromEmptyVerify, SW, type ApduProcessor } from '../../apdu';
import type { CredentialName, PinStatus } from '../seam/token-model';
import { INS } from './constants';
import type { PinInfo } from './directory-files';
import { encodePin } from './pin-encoding';

const CLA = 0x00;
/** §11.5.6: P1 = 00 for VERIFY and for CHANGE REFERENCE DATA with old and new data. */
const P1_NONE = 0x00;
/**
 * Every command here checks the AODF's user PIN (this profile uses no unblocking PIN): a refusal is marked with
 * the seam's word for it, since 63Cx / 6983 alone do not say which of a card's secrets was refused (§11.5.6–7).
 */
const USER_PIN: CredentialName = 'pin';
const PIN_COMMAND = { pinCommand: true, credential: USER_PIN } as const;

export const UNKNOWN_PIN_STATUS: PinStatus = { attemptsRemaining: null, totalAttempts: null, blocked: false, isDefault: null };

/**
 * Answers to an empty VERIFY from a card that does not implement that query (ISO 7816-4 leaves it optional):
 * wrong length, incorrect data or parameters, conditions not satisfied. The tries are then unknown.
 */
const NO_EMPTY_VERIFY: readonly number[] = [SW.WRONG_LENGTH, SW.INCORRECT_DATA, SW.INCORRECT_P1P2, SW.CONDITIONS_NOT_SATISFIED];

export interface PinReading {
  readonly status: PinStatus;
  /** The card answered the empty VERIFY with a counter (or "already verified"). */
  readonly answered: boolean;
}

/** VERIFY with no data (ISO 7816-4 §11.5.6): 63Cx tries left, 9000 verified, 6983 blocked; no try spent. */
export async function readPinStatus(processor: ApduProcessor, info: PinInfo): Promise<PinReading> {
  const reply = await processor.transmit({ cla: CLA, ins: INS.VERIFY, p1: P1_NONE, p2: info.reference });
  const counter = pinCounterFromEmptyVerify(reply.sw);
  switch (counter?.kind) {
    case 'verified':
      return { status: UNKNOWN_PIN_STATUS, answered: true };
    case 'blocked':
      return { status: { ...UNKNOWN_PIN_STATUS, attemptsRemaining: 0, blocked: true }, answered: true };
    case 'tries-left':
      return { status: { ...UNKNOWN_PIN_STATUS, attemptsRemaining: counter.attemptsRemaining }, answered: true };
    case 'unknown':
      return { status: UNKNOWN_PIN_STATUS, answered: false };
    default:
      if (NO_EMPTY_VERIFY.includes(reply.sw)) return { status: UNKNOWN_PIN_STATUS, answered: false };
      throw errorForStatusWord(reply.sw, PIN_COMMAND);
  }
}

/** Runs `use`, then overwrites the buffers, so no PIN bytes outlive the call. */
async function withWiped<T>(buffers: readonly Uint8Array[], use: () => Promise<T>): Promise<T> {
  try {
    return await use();
  } finally {
    for (const buffer of buffers) buffer.fill(0);
  }
}

/** VERIFY once; a wrong PIN is the apdu layer's WrongPinError (63Cx), a blocked one PinBlockedError (6983). */
export async function verifyPin(processor: ApduProcessor, info: PinInfo, pin: string): Promise<void> {
  const data = encodePin(pin, info);
  await withWiped([data], () => processor.send({ cla: CLA, ins: INS.VERIFY, p1: P1_NONE, p2: info.reference, data }, PIN_COMMAND));
}

/** CHANGE REFERENCE DATA with the current and the new PIN, each encoded by the AODF's rules (§11.5.7). */
export async function changePin(processor: ApduProcessor, info: PinInfo, currentPin: string, newPin: string): Promise<void> {
  const current = encodePin(currentPin, info);
  const next = withWipedSync([current], () => encodePin(newPin, info));
  const data = new Uint8Array(current.length + next.length);
  data.set(current);
  data.set(next, current.length);
  await withWiped([current, next, data], () =>
    processor.send({ cla: CLA, ins: INS.CHANGE_REFERENCE_DATA, p1: P1_NONE, p2: info.reference, data }, PIN_COMMAND),
  );
}

/** Wipes `buffers` when `make` throws (the new PIN refused after the current one was encoded). */
function withWipedSync<T>(buffers: readonly Uint8Array[], make: () => T): T {
  try {
    return make();
  } catch (error) {
    for (const buffer of buffers) buffer.fill(0);
    throw error;
  }
}
