/**
 * PIN and PUK commands (SP 800-73-4 Part 2 §3.2.1 VERIFY, §3.2.2 CHANGE REFERENCE DATA, §3.2.3 RESET RETRY
 * COUNTER). Security rules (DESIGN.md §7): a PIN is validated, padded into a buffer that is wiped after the
 * exchange, never logged, never retried. A wrong PIN surfaces as the apdu layer's WrongPinError (63Cx).
 */
import { pinCounterFromEmptyVerify } from '../../apdu';
import type { CredentialName } from '../seam/token-model';
import { INS, KEY_REF, PIN_MAX_LENGTH, PIN_MIN_LENGTH, PIN_PAD_BYTE } from './constants';
import type { PivChannel, PivCommandContext } from './channel';
import { PinFormatError, type PinKind } from './errors';

/** What the card says about a PIN or PUK, read without spending a try. */
export interface PinState {
  /** Tries left; null when the card does not say (e.g. PIN already verified in this session). */
  readonly attemptsRemaining: number | null;
  readonly totalAttempts: number | null;
  readonly blocked: boolean;
  /** Still the factory default (GET METADATA only); null when unknown. */
  readonly isDefault: boolean | null;
}

export const UNKNOWN_PIN_STATE: PinState = { attemptsRemaining: null, totalAttempts: null, blocked: false, isDefault: null };

/**
 * VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER: where 630X means tries left (status-words.ts), and a
 * refusal is marked with the secret the command checks — the card answers 63Cx / 6983 alike for PIN and PUK
 * (Part 2 §3.2), so the command tells them apart, and only this profile knows the command.
 */
function checking(credential: CredentialName): PivCommandContext {
  return { pinCommand: true, credential };
}

/** The seam's word for each PIV reference: the PUK is the code that unblocks the PIN (Part 2 §3.2.3). */
const CREDENTIAL_OF: Readonly<Record<PinKind, CredentialName>> = { PIN: 'pin', PUK: 'unblockCode' };
const PRINTABLE_ASCII_FIRST = 0x20;
const PRINTABLE_ASCII_LAST = 0x7e;

/**
 * Encodes a PIN/PUK as the 8-byte reference data of SP 800-73-4 Part 2 §2.4.3: the characters, padded with
 * 0xFF. Too short or too long is refused — never truncated — and only printable ASCII is sent, because a
 * non-ASCII character has no agreed encoding between tools and would lock the user out of them.
 */
export function encodePin(pin: string, kind: PinKind = 'PIN'): Uint8Array<ArrayBuffer> {
  if (pin.length < PIN_MIN_LENGTH) throw new PinFormatError(kind, 'too-short', PIN_MIN_LENGTH, PIN_MAX_LENGTH);
  if (pin.length > PIN_MAX_LENGTH) throw new PinFormatError(kind, 'too-long', PIN_MIN_LENGTH, PIN_MAX_LENGTH);
  const out = new Uint8Array(PIN_MAX_LENGTH).fill(PIN_PAD_BYTE);
  for (let i = 0; i < pin.length; i++) {
    const code = pin.charCodeAt(i);
    if (code < PRINTABLE_ASCII_FIRST || code > PRINTABLE_ASCII_LAST) {
      out.fill(0);
      throw new PinFormatError(kind, 'charset', PIN_MIN_LENGTH, PIN_MAX_LENGTH);
    }
    out[i] = code;
  }
  return out;
}

/** Runs `use` with the given buffers, then overwrites them, so no PIN bytes outlive the call. */
async function withWiped<T>(buffers: readonly Uint8Array[], use: () => Promise<T>): Promise<T> {
  try {
    return await use();
  } finally {
    for (const buffer of buffers) buffer.fill(0);
  }
}

/**
 * VERIFY with no data field (SP 800-73-4 Part 2 §3.2.1): the card answers 9000 if the PIN is already
 * verified, 63Cx with the tries left, 6983 when blocked — and no try is spent.
 */
export async function readPinStateByEmptyVerify(channel: PivChannel): Promise<PinState & { verified: boolean }> {
  const reply = await channel.transmit({ ins: INS.VERIFY, p1: 0x00, p2: KEY_REF.PIN });
  // apdu/'s one parser: a bare 6300 is "counter unknown", never "blocked" (issue 7 §1).
  const counter = pinCounterFromEmptyVerify(reply.sw);
  switch (counter?.kind) {
    case 'verified':
      return { ...UNKNOWN_PIN_STATE, verified: true };
    case 'blocked':
      return { ...UNKNOWN_PIN_STATE, attemptsRemaining: 0, blocked: true, verified: false };
    case 'tries-left':
      return { ...UNKNOWN_PIN_STATE, attemptsRemaining: counter.attemptsRemaining, verified: false };
    case 'unknown':
      return { ...UNKNOWN_PIN_STATE, verified: false };
    default:
      throw channel.errorFor(reply.sw, checking('pin'));
  }
}

/** VERIFY the PIN once. Throws WrongPinError / PinBlockedError from apdu/; never retries. */
export async function verifyPin(channel: PivChannel, pin: string): Promise<void> {
  const data = encodePin(pin, 'PIN');
  await withWiped([data], () => channel.send({ ins: INS.VERIFY, p1: 0x00, p2: KEY_REF.PIN, data }, checking('pin')));
}

/** CHANGE REFERENCE DATA (§3.2.2): old and new reference data, each padded to 8 bytes; checks the old one of `kind`. */
export async function changeReference(channel: PivChannel, kind: PinKind, current: string, next: string): Promise<void> {
  const data = new Uint8Array(PIN_MAX_LENGTH * 2);
  const old = encodePin(current, kind);
  return withWiped([data, old], async () => {
    const replacement = encodePin(next, kind);
    data.set(old, 0);
    data.set(replacement, PIN_MAX_LENGTH);
    replacement.fill(0);
    const p2 = kind === 'PIN' ? KEY_REF.PIN : KEY_REF.PUK;
    await channel.send({ ins: INS.CHANGE_REFERENCE_DATA, p1: 0x00, p2, data }, checking(CREDENTIAL_OF[kind]));
  });
}

/** RESET RETRY COUNTER (§3.2.3): PUK then new PIN; unblocks the PIN and sets it. P2 names the PIN, but the card checks the PUK. */
export async function resetRetryCounter(channel: PivChannel, puk: string, newPin: string): Promise<void> {
  const data = new Uint8Array(PIN_MAX_LENGTH * 2);
  const pukBytes = encodePin(puk, 'PUK');
  return withWiped([data, pukBytes], async () => {
    const pinBytes = encodePin(newPin, 'PIN');
    data.set(pukBytes, 0);
    data.set(pinBytes, PIN_MAX_LENGTH);
    pinBytes.fill(0);
    await channel.send({ ins: INS.RESET_RETRY_COUNTER, p1: 0x00, p2: KEY_REF.PIN, data }, checking(CREDENTIAL_OF.PUK));
  });
}
