/**
 * Words of the ISO/IEC 7816-15 (PKCS#15 v1.1) card profile: where the application and its files live, and the
 * ISO 7816-4 instructions a read-only profile sends. Everything else a card may offer is refused up front.
 */

/** PKCS#15 v1.1 §5.4 / ISO 7816-15 §7.1: the application identifier (RID A000000063, "PKCS-15"). */
export const PKCS15_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4b, 0x43, 0x53, 0x2d, 0x31, 0x35);

/** File identifiers (PKCS#15 v1.1 §5.4, ISO 7816-15 §7.2–7.5): MF, EF.DIR, the application DF and its EFs. */
export const FID = {
  MF: 0x3f00,
  DIR: 0x2f00,
  /** The DF a PKCS#15 application sits in when the card does not say otherwise. */
  APP_DF: 0x5015,
  ODF: 0x5031,
  TOKEN_INFO: 0x5032,
} as const;

/** ISO 7816-4 §11 instructions this profile sends. */
export const INS = {
  SELECT: 0xa4,
  READ_BINARY: 0xb0,
  VERIFY: 0x20,
  CHANGE_REFERENCE_DATA: 0x24,
} as const;

/** ISO 7816-4 §11.1.1 Table 39/40: SELECT P1 (how the file is named) and P2 (what to answer). */
export const SELECT_P1 = {
  /** By file identifier, in the current DF or its parent. */
  FILE_ID: 0x00,
  /** By DF name (the AID). */
  DF_NAME: 0x04,
  /** By path from the MF, without the MF's own identifier. */
  PATH_FROM_MF: 0x08,
  /** By path from the current DF. */
  PATH_FROM_CURRENT_DF: 0x09,
} as const;

export const SELECT_P2 = {
  /** Return the FCP template (tag 62): we need the file size. */
  FCP: 0x04,
  /** Return nothing. */
  NO_DATA: 0x0c,
} as const;

/** ISO 7816-4 §11.2.3: with P1 bit 8 clear, P1-P2 is a 15-bit offset, so a file read this way ends at 32767. */
export const MAX_BINARY_OFFSET = 0x7fff;
/** Largest short Le (ISO 7816-4 §5.1): 256 bytes per READ BINARY. */
export const READ_CHUNK = 256;

/** PKCS#15 v1.1 §6.7 PinType (ENUMERATED). */
export const PIN_TYPE = {
  BCD: 0,
  ASCII_NUMERIC: 1,
  UTF8: 2,
  HALF_NIBBLE_BCD: 3,
  ISO9564_1: 4,
} as const;

/** PKCS#15 v1.1 §6.7 PinFlags: BIT STRING bit numbers (bit 0 = the first bit). */
export const PIN_FLAG = {
  CASE_SENSITIVE: 0,
  LOCAL: 1,
  CHANGE_DISABLED: 2,
  UNBLOCK_DISABLED: 3,
  INITIALIZED: 4,
  NEEDS_PADDING: 5,
  UNBLOCKING_PIN: 6,
  SO_PIN: 7,
} as const;

/** PKCS#15 v1.1 §6.2.5 KeyUsageFlags: BIT STRING bit numbers. */
export const KEY_USAGE = {
  ENCRYPT: 0,
  DECRYPT: 1,
  SIGN: 2,
  SIGN_RECOVER: 3,
  WRAP: 4,
  UNWRAP: 5,
  VERIFY: 6,
  VERIFY_RECOVER: 7,
  DERIVE: 8,
  NON_REPUDIATION: 9,
} as const;

/** PKCS#15 v1.1 §6.7: "padChar" defaults to 0x00 when the AODF does not name one (what OpenSC assumes too). */
export const DEFAULT_PAD_CHAR = 0x00;
