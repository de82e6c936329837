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

/**
 * Tries left after a failed verification, or undefined when `sw` is not such a status word.
 * 63Cx is the standard form (ISO 7816-4 §5.1.3, SP 800-73-4 Part 2 §3.2.1); some cards send 630x instead,
 * which we accept too (STYLE.md, yubikit).
 */
export function verifyTriesLeft(sw: number): number | undefined {
  if ((sw & 0xfff0) === SW.VERIFY_FAIL_BASE) return sw & 0x0f;
  if ((sw & 0xfff0) === 0x6300) return sw & 0x0f;
  return undefined;
}

/** "6A82"-style text of a status word for messages and logs. */
export function formatSw(sw: number): string {
  return (sw & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}
