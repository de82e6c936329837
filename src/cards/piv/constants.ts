/**
 * PIV domain words as const tables (NIST SP 800-73-4 Part 1 §3 and Part 2 §3, plus the YubiKey extensions).
 * Shared by the PIV session (host side) and the PIV card emulator (card side). No magic numbers elsewhere.
 */

/** SP 800-73-4 Part 2 §2.2: the PIV Card Application AID (full form, with version 01 00). */
export const PIV_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00);
/** The PIX-less prefix clients may SELECT with (right-truncated AID, ISO 7816-4 §12.2.3). */
export const PIV_AID_PREFIX = Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x08);

/** Instruction bytes. SP 800-73-4 Part 2 §3; YubiKey extensions documented by Yubico. */
export const INS = {
  SELECT: 0xa4,
  GET_DATA: 0xcb,
  VERIFY: 0x20,
  CHANGE_REFERENCE_DATA: 0x24,
  RESET_RETRY_COUNTER: 0x2c,
  GENERAL_AUTHENTICATE: 0x87,
  PUT_DATA: 0xdb,
  GENERATE_ASYMMETRIC_KEY_PAIR: 0x47,
  GET_RESPONSE: 0xc0,
  // YubiKey PIV extensions
  GET_VERSION: 0xfd,
  GET_SERIAL: 0xf8,
  GET_METADATA: 0xf7,
  /** Yubico PIV extension, firmware 5.7: P1 destination slot (FF = delete), P2 source slot. */
  MOVE_KEY: 0xf6,
  SET_MANAGEMENT_KEY: 0xff,
  IMPORT_KEY: 0xfe,
  RESET: 0xfb,
  SET_PIN_RETRIES: 0xfa,
  ATTEST: 0xf9,
} as const;

/** Key references (SP 800-73-4 Part 1 Table 4b). */
export const KEY_REF = {
  GLOBAL_PIN: 0x00,
  PIN: 0x80,
  PUK: 0x81,
  MANAGEMENT_KEY: 0x9b,
} as const;

/** Key slots (SP 800-73-4 Part 1 §3.1 and Table 4b). */
export const Slot = {
  AUTHENTICATION: 0x9a,
  SIGNATURE: 0x9c,
  KEY_MANAGEMENT: 0x9d,
  CARD_AUTH: 0x9e,
  ATTESTATION: 0xf9,
} as const;
export type SlotId = number;

/** Retired key management slots 82..95 (SP 800-73-4 Part 1 §3.3.7): 20 slots. */
export const RETIRED_SLOTS: readonly number[] = Array.from({ length: 20 }, (_, i) => 0x82 + i);
/** The slots that may hold a certificate, in the order a client lists them. */
export const CERTIFICATE_SLOTS: readonly number[] = [
  Slot.AUTHENTICATION,
  Slot.SIGNATURE,
  Slot.KEY_MANAGEMENT,
  Slot.CARD_AUTH,
  ...RETIRED_SLOTS,
];

/** Data object identifiers, 3-byte BER-TLV tags (SP 800-73-4 Part 1 Table 3). */
export const ObjectId = {
  CHUID: 0x5fc102,
  CCC: 0x5fc107,
  DISCOVERY: 0x7e,
  CERT_9A: 0x5fc105,
  CERT_9C: 0x5fc10a,
  CERT_9D: 0x5fc10b,
  CERT_9E: 0x5fc101,
  PRINTED_INFORMATION: 0x5fc109,
  SECURITY_OBJECT: 0x5fc106,
  KEY_HISTORY: 0x5fc10c,
  FACIAL_IMAGE: 0x5fc108,
  FINGERPRINTS: 0x5fc103,
  IRIS: 0x5fc121,
  BIOMETRIC_GROUP_TEMPLATE: 0x7f61,
  SM_CERT_SIGNER: 0x5fc122,
  PAIRING_CODE_REFERENCE: 0x5fc123,
  /** Retired certificate objects 5FC10D..5FC120 map to slots 82..95. */
  RETIRED_CERT_FIRST: 0x5fc10d,
  /** YubiKey: attestation certificate of slot F9. */
  ATTESTATION_CERT: 0x5fff01,
} as const;

/** The certificate data object of a slot (SP 800-73-4 Part 1 Table 4b). */
export function certificateObjectId(slot: SlotId): number {
  switch (slot) {
    case Slot.AUTHENTICATION:
      return ObjectId.CERT_9A;
    case Slot.SIGNATURE:
      return ObjectId.CERT_9C;
    case Slot.KEY_MANAGEMENT:
      return ObjectId.CERT_9D;
    case Slot.CARD_AUTH:
      return ObjectId.CERT_9E;
    case Slot.ATTESTATION:
      return ObjectId.ATTESTATION_CERT;
    default:
      if (slot >= 0x82 && slot <= 0x95) return ObjectId.RETIRED_CERT_FIRST + (slot - 0x82);
      throw new RangeError(`slot ${slot.toString(16)} holds no certificate`);
  }
}

/** Cryptographic mechanism identifiers (SP 800-78-4 Table 6-2; YubiKey additions). */
export const Algorithm = {
  TDES: 0x03,
  RSA_1024: 0x06,
  RSA_2048: 0x07,
  AES_128: 0x08,
  AES_192: 0x0a,
  AES_256: 0x0c,
  ECC_P256: 0x11,
  ECC_P384: 0x14,
  RSA_3072: 0x05,
  RSA_4096: 0x16,
  /**
   * SM2 (GB/T 32918) under a PRIVATE id: SP 800-78-4 has none. 0x54 is CanoKey's default (canokey-core
   * applets/piv/piv.c ALG_SM2_DEFAULT, configurable on the card; research/web-ready-token.md §5); the card signs
   * a 32-byte host digest e = SM3(Z_A ‖ M) and returns DER (r, s). The only place the host names this id.
   */
  SM2: 0x54,
} as const;
export type AlgorithmId = (typeof Algorithm)[keyof typeof Algorithm];

/** BER-TLV tags used inside PIV commands and responses (SP 800-73-4 Part 2 §3). */
export const TAG = {
  /** GET DATA: tag list. */
  TAG_LIST: 0x5c,
  /** PUT DATA / GET DATA: the data object wrapper. */
  DATA: 0x53,
  /** X.509 certificate object (Part 1 Table 10). */
  CERTIFICATE: 0x70,
  CERT_INFO: 0x71,
  MSCUID: 0x72,
  ERROR_DETECTION_CODE: 0xfe,
  /** GENERAL AUTHENTICATE dynamic authentication template (Part 2 §3.2.4). */
  DYNAMIC_AUTH: 0x7c,
  AUTH_WITNESS: 0x80,
  AUTH_CHALLENGE: 0x81,
  AUTH_RESPONSE: 0x82,
  AUTH_EXPONENTIATION: 0x85,
  /** GENERATE ASYMMETRIC KEY PAIR (Part 2 §3.3.2). */
  CONTROL_REFERENCE_TEMPLATE: 0xac,
  CRT_ALGORITHM: 0x80,
  CRT_PIN_POLICY: 0xaa,
  CRT_TOUCH_POLICY: 0xab,
  PUBLIC_KEY_TEMPLATE: 0x7f49,
  RSA_MODULUS: 0x81,
  RSA_EXPONENT: 0x82,
  EC_POINT: 0x86,
  /** Application property template returned by SELECT (Part 2 §3.1.1). */
  APPLICATION_PROPERTY_TEMPLATE: 0x61,
  APPLICATION_ID: 0x4f,
  COEXISTENT_TAG_ALLOCATION_AUTHORITY: 0x79,
  APPLICATION_LABEL: 0x50,
  CRYPTOGRAPHIC_ALGORITHMS: 0xac,
  /** Discovery object (Part 1 §3.3.2). */
  DISCOVERY_PIN_USAGE_POLICY: 0x5f2f,
} as const;

/** CertInfo byte (Part 1 Table 10 note): bit 0 set = the certificate is gzip-compressed. */
export const CERT_INFO_GZIP = 0x01;

/** YubiKey GET METADATA response tags. */
export const METADATA_TAG = {
  ALGORITHM: 0x01,
  POLICY: 0x02,
  ORIGIN: 0x03,
  PUBLIC_KEY: 0x04,
  IS_DEFAULT: 0x05,
  RETRIES: 0x06,
} as const;

/** PIN length limits (SP 800-73-4 Part 2 §2.4.3): 6..8 bytes, padded with 0xFF to 8. */
export const PIN_MIN_LENGTH = 6;
export const PIN_MAX_LENGTH = 8;
export const PIN_PAD_BYTE = 0xff;

/** Defaults a factory-fresh YubiKey-compatible card has (what yubico-piv-tool expects). */
export const FACTORY_DEFAULTS = {
  PIN: '123456',
  PUK: '12345678',
  MANAGEMENT_KEY_HEX: '010203040506070801020304050607080102030405060708',
  PIN_RETRIES: 3,
  PUK_RETRIES: 3,
} as const;
