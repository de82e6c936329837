/**
 * VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER (SP 800-73-4 Part 2 §3.2.1–3.2.3).
 * The reference data is 8 bytes padded with FF; a wrong value spends one try and answers 63Cx; a counter at
 * zero answers 6983 without comparing.
 */
import { KEY_REF, PIN_MAX_LENGTH, PIN_MIN_LENGTH, PIN_PAD_BYTE } from './piv-tables';
import type { CardCommand } from './card-codec';
import { makeVerifier, verifierMatches } from './pin-verifier';
import type { CardContext, CommandHandler } from './card-context';
import type { CardState } from './card-state';
import { reject } from './card-status';
import { SW } from './status-words';

type Reference = typeof KEY_REF.PIN | typeof KEY_REF.PUK;

function retriesLeft(state: CardState, ref: Reference): number {
  return ref === KEY_REF.PIN ? state.pinRetriesLeft : state.pukRetriesLeft;
}

function wrongSw(left: number): number {
  return left === 0 ? SW.AUTH_METHOD_BLOCKED : SW.VERIFY_FAIL_BASE | Math.min(left, 0x0f);
}

/** Valid reference data: 6..8 bytes then FF padding (Part 2 §2.4.3). The PUK may use all 8 bytes. */
function isWellFormed(value: Uint8Array): boolean {
  if (value.length !== PIN_MAX_LENGTH) return false;
  let len = value.indexOf(PIN_PAD_BYTE);
  if (len < 0) len = PIN_MAX_LENGTH;
  return len >= PIN_MIN_LENGTH && value.subarray(len).every((b) => b === PIN_PAD_BYTE);
}

/** Compares and counts; on success the counter resets to its total. */
function check(context: CardContext, ref: Reference, candidate: Uint8Array): void {
  const { state } = context;
  if (retriesLeft(state, ref) === 0) reject(SW.AUTH_METHOD_BLOCKED, 'reference data blocked');
  const expected = ref === KEY_REF.PIN ? state.pin : state.puk;
  if (!verifierMatches(expected, candidate)) {
    if (ref === KEY_REF.PIN) state.pinRetriesLeft -= 1;
    else state.pukRetriesLeft -= 1;
    context.changed();
    if (ref === KEY_REF.PIN) {
      context.session.pinVerified = false;
      context.session.pinFresh = false;
    }
    reject(wrongSw(retriesLeft(state, ref)), 'wrong reference data');
  }
  const total = ref === KEY_REF.PIN ? state.pinRetriesTotal : state.pukRetriesTotal;
  if (retriesLeft(state, ref) !== total) {
    if (ref === KEY_REF.PIN) state.pinRetriesLeft = total;
    else state.pukRetriesLeft = total;
    context.changed();
  }
}

function reference(command: CardCommand, allowPuk: boolean): Reference {
  if (command.p2 === KEY_REF.PIN) return KEY_REF.PIN;
  if (allowPuk && command.p2 === KEY_REF.PUK) return KEY_REF.PUK;
  if (command.p2 === KEY_REF.GLOBAL_PIN) reject(SW.REFERENCE_NOT_FOUND, 'no global PIN on this card');
  return reject(SW.INCORRECT_P1P2, 'unknown key reference');
}

export const verify: CommandHandler = (command, context) => {
  const ref = reference(command, false);
  const { session, state } = context;
  // P1 = FF: reset the security status of the reference (Part 2 §3.2.1).
  if (command.p1 === 0xff) {
    if (command.data.length !== 0) reject(SW.WRONG_LENGTH);
    session.pinVerified = false;
    session.pinFresh = false;
    return new Uint8Array(0);
  }
  if (command.p1 !== 0x00) reject(SW.INCORRECT_P1P2);
  // No data: report the status without spending a try — 9000 if verified, else 63Cx (or 6983).
  if (command.data.length === 0) {
    if (session.pinVerified) return new Uint8Array(0);
    return reject(wrongSw(state.pinRetriesLeft), 'PIN not verified');
  }
  if (command.data.length !== PIN_MAX_LENGTH) reject(SW.WRONG_LENGTH, 'PIN must be padded to 8 bytes');
  check(context, ref, command.data);
  session.pinVerified = true;
  session.pinFresh = true;
  return new Uint8Array(0);
};

export const changeReferenceData: CommandHandler = (command, context) => {
  const ref = reference(command, true);
  if (command.p1 !== 0x00) reject(SW.INCORRECT_P1P2);
  if (command.data.length !== 2 * PIN_MAX_LENGTH) reject(SW.WRONG_LENGTH);
  const current = command.data.slice(0, PIN_MAX_LENGTH);
  const next = command.data.slice(PIN_MAX_LENGTH);
  check(context, ref, current);
  if (!isWellFormed(next)) reject(SW.INCORRECT_DATA, 'new reference data malformed');
  if (ref === KEY_REF.PIN) {
    context.state.pin = makeVerifier(next);
    // Verified for "once" keys; a PIN-always key still needs its own VERIFY right before use.
    context.session.pinVerified = true;
  } else {
    context.state.puk = makeVerifier(next);
  }
  context.changed();
  return new Uint8Array(0);
};

export const resetRetryCounter: CommandHandler = (command, context) => {
  if (command.p2 !== KEY_REF.PIN) reject(SW.INCORRECT_P1P2, 'only the PIN can be reset');
  if (command.p1 !== 0x00) reject(SW.INCORRECT_P1P2);
  if (command.data.length !== 2 * PIN_MAX_LENGTH) reject(SW.WRONG_LENGTH);
  const puk = command.data.slice(0, PIN_MAX_LENGTH);
  const next = command.data.slice(PIN_MAX_LENGTH);
  check(context, KEY_REF.PUK, puk);
  if (!isWellFormed(next)) reject(SW.INCORRECT_DATA, 'new PIN malformed');
  const { state } = context;
  state.pin = makeVerifier(next);
  state.pinRetriesLeft = state.pinRetriesTotal;
  context.changed();
  return new Uint8Array(0);
};
