/**
 * Status words (ISO 7816-4 §5.1.3, SP 800-73-4 Part 2 Table 6). `MORE_DATA`, `WRONG_LE` and `VERIFY_FAIL_BASE`
 * are families: the low byte (or nibble) carries a count, so compare with the helpers below, not with `===`.
 */
export const SW = {
  SUCCESS: 0x9000,
  MORE_DATA: 0x6100 /* 61xx: xx more bytes via GET RESPONSE */,
  WRONG_LE: 0x6c00 /* 6Cxx: re-send with Le = xx */,
  VERIFY_FAIL_BASE: 0x63c0 /* 63Cx: verification failed, x tries left */,
  WRONG_LENGTH: 0x6700,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  AUTH_METHOD_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  INCORRECT_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  REFERENCE_NOT_FOUND: 0x6a88,
  INCORRECT_P1P2: 0x6a86,
  WRONG_P1P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
  MEMORY_FAILURE: 0x6581,
  FILE_FULL: 0x6a84,
  DATA_INVALID: 0x6984,
} as const;

export type StatusWordName = keyof typeof SW;

/** SW1 of a status word. */
export function sw1(sw: number): number {
  return (sw >> 8) & 0xff;
}

/** SW2 of a status word. */
export function sw2(sw: number): number {
  return sw & 0xff;
}

/** 61xx (ISO 7816-4 §5.1.3): the response continues; SW2 = bytes still available (00 = 256 or more). */
export function isMoreData(sw: number): boolean {
  return sw1(sw) === sw1(SW.MORE_DATA);
}

/** 6Cxx (ISO 7816-4 §5.1.3): wrong Le; SW2 = the exact number of bytes available. */
export function isWrongLe(sw: number): boolean {
  return sw1(sw) === sw1(SW.WRONG_LE);
}

/** What the caller knows about the command a status word answers (the card profile decides, not apdu/). */
export interface PinContext {
  /** The command verifies, changes or unblocks a PIN or the card's unblock code (ISO 7816-4 §11.5.6–11.5.10). */
  readonly pinCommand?: boolean;
}

/** The 630X form (X tries) some cards send instead of 63CX (STYLE.md, yubikit: older YubiKey firmware). */
const QUIRK_TRIES_BASE = 0x6300;

/**
 * THE tries parser: tries left after a failed verification, or undefined when `sw` says nothing about tries.
 * 63CX is the standard form (ISO 7816-4 §5.1.3, SP 800-73-4 Part 2 §3.2.1). The 630X quirk is read as tries
 * only for a PIN command: from any other command (GENERAL AUTHENTICATE, say) 6300 is ISO 7816-4's "no
 * information given", not "wrong PIN, 0 tries" (issue 7 §1).
 */
export function pinTriesLeft(sw: number, context: PinContext = {}): number | undefined {
  if ((sw & 0xfff0) === SW.VERIFY_FAIL_BASE) return sw & 0x0f;
  if (context.pinCommand === true && (sw & 0xfff0) === QUIRK_TRIES_BASE) return sw & 0x0f;
  return undefined;
}

/** What VERIFY without data (SP 800-73-4 Part 2 §3.2.1) says about a PIN's counter, without spending a try. */
export type PinCounter =
  | { readonly kind: 'verified' }
  | { readonly kind: 'tries-left'; readonly attemptsRemaining: number }
  | { readonly kind: 'blocked' }
  /** 6300: the card does not tell (ISO 7816-4 "no information given"); not proof of a blocked PIN. */
  | { readonly kind: 'unknown' };

/** The counter an empty VERIFY's status word reports; undefined for a status word that is no such answer. */
export function pinCounterFromEmptyVerify(sw: number): PinCounter | undefined {
  if (sw === SW.SUCCESS) return { kind: 'verified' };
  if (sw === SW.AUTH_METHOD_BLOCKED) return { kind: 'blocked' };
  if (sw === QUIRK_TRIES_BASE) return { kind: 'unknown' };
  const tries = pinTriesLeft(sw, { pinCommand: true });
  if (tries === undefined) return undefined;
  return tries === 0 ? { kind: 'blocked' } : { kind: 'tries-left', attemptsRemaining: tries };
}

/** "6A82"-style text of a status word for messages and logs. */
export function formatSw(sw: number): string {
  return (sw & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}
