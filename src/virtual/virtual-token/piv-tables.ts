/**
 * The PIV card's own vocabulary, written from NIST SP 800-73-4 (Part 1 §3 data model, Part 2 §3 commands),
 * SP 800-78-4 (algorithm identifiers) and Yubico's published PIV extensions. The emulator imports nothing from
 * the driver's tables (issue 7 §6), so a wrong byte on one side shows up as a failure against the other.
 */

/** Instruction bytes: SP 800-73-4 Part 2 §3.1–3.3, ISO 7816-4 §11 (GET RESPONSE), Yubico extensions F6–FF. */
export const INS = {
  SELECT: 0xa4,
  GET_RESPONSE: 0xc0,
  GET_DATA: 0xcb,
  PUT_DATA: 0xdb,
  VERIFY: 0x20,
  CHANGE_REFERENCE_DATA: 0x24,
  RESET_RETRY_COUNTER: 0x2c,
  GENERAL_AUTHENTICATE: 0x87,
  GENERATE_ASYMMETRIC_KEY_PAIR: 0x47,
  // Yubico PIV extensions.
  MOVE_KEY: 0xf6,
  GET_METADATA: 0xf7,
  GET_SERIAL: 0xf8,
  SET_PIN_RETRIES: 0xfa,
  RESET: 0xfb,
  GET_VERSION: 0xfd,
  IMPORT_KEY: 0xfe,
  SET_MANAGEMENT_KEY: 0xff,
} as const;

/** The PIV AID (Part 2 §2.2): NIST RID A0 00 00 03 08, PIX 00 00 10 00 01 00. */
export const PIV_RID = Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x08);
export const PIV_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00);

/** Key references (Part 1 §5.1, Table 4): PIN, PUK, global PIN, card management key. */
export const KEY_REF = { GLOBAL_PIN: 0x00, PIN: 0x80, PUK: 0x81, MANAGEMENT_KEY: 0x9b } as const;

/** Key slots (Part 1 Table 4b). Retired key-management slots are 82..95. */
export const Slot = { AUTHENTICATION: 0x9a, SIGNATURE: 0x9c, KEY_MANAGEMENT: 0x9d, CARD_AUTH: 0x9e } as const;
export const RETIRED_SLOT_FIRST = 0x82;
export const RETIRED_SLOT_LAST = 0x95;

/** Algorithm identifiers (SP 800-78-4 Table 6-2; AES-192 0A and 3DES 03 for the management key). */
export const Algorithm = {
  TDES: 0x03,
  RSA_1024: 0x06,
  RSA_2048: 0x07,
  AES_128: 0x08,
  AES_192: 0x0a,
  AES_256: 0x0c,
  ECC_P256: 0x11,
  ECC_P384: 0x14,
  /** SM2 under CanoKey's private id (canokey-core applets/piv/piv.c ALG_SM2_DEFAULT); not in SP 800-78-4. */
  SM2: 0x54,
} as const;

/** Data object identifiers (Part 1 Table 3 / Appendix A). */
export const ObjectId = {
  DISCOVERY: 0x7e,
  BIOMETRIC_GROUP_TEMPLATE: 0x7f61,
  CARD_AUTH_CERTIFICATE: 0x5fc101,
  CHUID: 0x5fc102,
  FINGERPRINTS: 0x5fc103,
  AUTHENTICATION_CERTIFICATE: 0x5fc105,
  CCC: 0x5fc107,
  FACIAL_IMAGE: 0x5fc108,
  PRINTED_INFORMATION: 0x5fc109,
  SIGNATURE_CERTIFICATE: 0x5fc10a,
  KEY_MANAGEMENT_CERTIFICATE: 0x5fc10b,
  KEY_HISTORY: 0x5fc10c,
  /** Retired key-management certificate 1 (slot 82); 2..20 follow (5FC10E..5FC120). */
  RETIRED_CERTIFICATE_FIRST: 0x5fc10d,
  IRIS: 0x5fc121,
} as const;

/** The certificate object that goes with a key slot (Part 1 Table 4b); undefined for a non-key slot. */
export function certificateObjectFor(slot: number): number | undefined {
  switch (slot) {
    case Slot.AUTHENTICATION:
      return ObjectId.AUTHENTICATION_CERTIFICATE;
    case Slot.SIGNATURE:
      return ObjectId.SIGNATURE_CERTIFICATE;
    case Slot.KEY_MANAGEMENT:
      return ObjectId.KEY_MANAGEMENT_CERTIFICATE;
    case Slot.CARD_AUTH:
      return ObjectId.CARD_AUTH_CERTIFICATE;
  }
  if (slot >= RETIRED_SLOT_FIRST && slot <= RETIRED_SLOT_LAST) return ObjectId.RETIRED_CERTIFICATE_FIRST + slot - RETIRED_SLOT_FIRST;
  return undefined;
}

/** BER-TLV tags the card reads and writes (Part 2 §3 command and response templates). */
export const TAG = {
  // SELECT answer, Part 2 §3.1.1.
  APPLICATION_PROPERTY_TEMPLATE: 0x61,
  APPLICATION_ID: 0x4f,
  APPLICATION_LABEL: 0x50,
  COEXISTENT_TAG_ALLOCATION_AUTHORITY: 0x79,
  CRYPTOGRAPHIC_ALGORITHMS: 0xac,
  // GET DATA / PUT DATA, Part 2 §3.1.2 and §3.3.1.
  TAG_LIST: 0x5c,
  DATA: 0x53,
  CERTIFICATE: 0x70,
  CERT_INFO: 0x71,
  ERROR_DETECTION_CODE: 0xfe,
  DISCOVERY_PIN_USAGE_POLICY: 0x5f2f,
  // GENERAL AUTHENTICATE, Part 2 §3.2.4 Table 7.
  DYNAMIC_AUTH: 0x7c,
  AUTH_WITNESS: 0x80,
  AUTH_CHALLENGE: 0x81,
  AUTH_RESPONSE: 0x82,
  AUTH_EXPONENTIATION: 0x85,
  // GENERATE ASYMMETRIC KEY PAIR, Part 2 §3.3.2 Tables 10–11 (AA/AB are Yubico's policy tags).
  CONTROL_REFERENCE_TEMPLATE: 0xac,
  CRT_ALGORITHM: 0x80,
  CRT_PIN_POLICY: 0xaa,
  CRT_TOUCH_POLICY: 0xab,
  PUBLIC_KEY_TEMPLATE: 0x7f49,
  RSA_MODULUS: 0x81,
  RSA_EXPONENT: 0x82,
  EC_POINT: 0x86,
} as const;

/** Yubico GET METADATA response tags. */
export const METADATA_TAG = { ALGORITHM: 0x01, POLICY: 0x02, ORIGIN: 0x03, PUBLIC_KEY: 0x04, IS_DEFAULT: 0x05, RETRIES: 0x06 } as const;

/** PIN reference data (Part 2 §2.4.3): 6–8 bytes, padded with FF to 8. */
export const PIN_MIN_LENGTH = 6;
export const PIN_MAX_LENGTH = 8;
export const PIN_PAD_BYTE = 0xff;

/** What a new YubiKey (and so this card) ships with; Yubico's documented factory defaults. */
export const FACTORY_DEFAULTS = {
  PIN: '123456',
  PUK: '12345678',
  MANAGEMENT_KEY_HEX: '010203040506070801020304050607080102030405060708',
  PIN_RETRIES: 3,
  PUK_RETRIES: 3,
} as const;
