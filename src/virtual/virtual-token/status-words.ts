/**
 * The status words this card answers with (ISO/IEC 7816-4 §5.1.3 tables 5–6; SP 800-73-4 Part 2 §3 per
 * command). The card's own table: a wrong value here cannot hide behind the same mistake in the driver.
 */
export const SW = {
  SUCCESS: 0x9000,
  /** 61xx: xx more response bytes wait for GET RESPONSE (00 = 256 or more). */
  MORE_DATA: 0x6100,
  /** 63Cx: verification failed, x tries left. */
  VERIFY_FAIL_BASE: 0x63c0,
  WRONG_LENGTH: 0x6700,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  AUTH_METHOD_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  INCORRECT_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  /** Not enough memory in the file (7816-4 table 6: 6A84). */
  FILE_FULL: 0x6a84,
  INCORRECT_P1P2: 0x6a86,
  /** Referenced data or reference data not found (6A88): also "the source slot is empty" for MOVE KEY. */
  REFERENCE_NOT_FOUND: 0x6a88,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;
