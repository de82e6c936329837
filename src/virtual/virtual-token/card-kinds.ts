/**
 * The cards people have, as data (issue 15 §1): one row per kind of PIV card the emulator can be. A row says
 * which vendor commands the card answers (the rest answer 6D00, ISO 7816-4 §5.1.3 "instruction not
 * supported"), what GET VERSION reports, which key slots are PIN-always by default, whether the card takes
 * Yubico's policy tags in GENERATE, its ATR, and how a CA personalises it (retired keys, Key History). A new
 * kind (SM2, CanoKey…) is a new row; every flow test runs over `CARD_KINDS`.
 *
 * Sources, per row:
 * - SP 800-73-4 Part 1 Table 4b (key references and their access rules: 9A PIN, 9C PIN Always, 9D PIN,
 *   9E none), §3.3.3 (Key History: keysWithOnCardCerts, keysWithOffCardCerts, offCardCertURL; retired keys are
 *   numbered from 82 with the on-card-certificate keys first), Part 2 §3 (the only commands a PIV card must
 *   answer: SELECT, GET DATA, VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER, GENERAL AUTHENTICATE, PUT DATA,
 *   GENERATE ASYMMETRIC KEY PAIR — no version, serial, metadata or key move).
 * - Yubico, "PIV" developer documentation (developers.yubico.com/PIV, Introduction/PIV_attestation and the
 *   YubiKey 5 firmware feature pages): GET SERIAL (F8) from firmware 5.0; GET METADATA (F7) from 5.3; MOVE KEY
 *   (F6) and DELETE KEY from 5.7; PIN and touch policy tags AA/AB in GENERATE/IMPORT; default PIN policy "once"
 *   except 9C "always" and 9E "never".
 */
import { INS, RETIRED_SLOT_FIRST, RETIRED_SLOT_LAST, Slot } from './piv-tables';
import type { FirmwareVersion } from './yubikey-extensions';

export type CardKindId = 'yubikey-5.7' | 'yubikey-5.4' | 'sp800-73-4' | 'pin-always' | 'off-card-history' | 'canokey';

/** How the CA personalised the card's retired slots (SP 800-73-4 Part 1 §3.3.3). */
export interface RetiredKeysLayout {
  /** Retired keys whose certificates are on the card (slots 82 upwards). */
  readonly onCard: number;
  /** Retired keys whose certificates are kept off the card (the slots after the on-card ones). */
  readonly offCard: number;
  /** Key History tag F3, where the off-card certificates are published. */
  readonly offCardCertUrl: string | null;
}

export interface CardKind {
  readonly id: CardKindId;
  /** What a person would call the card. */
  readonly label: string;
  /** GET VERSION's answer; null = the card has no GET VERSION (6D00). */
  readonly firmwareVersion: FirmwareVersion | null;
  /** Vendor instructions (Yubico F6–FF) the card answers; every other vendor INS answers 6D00. */
  readonly vendorInstructions: ReadonlySet<number>;
  /** GENERATE/IMPORT accept Yubico's PIN/touch policy tags AA/AB (a plain card answers 6A80 to them). */
  readonly policyTags: boolean;
  /** Key slots whose keys made with the default policy are PIN-always. */
  readonly pinAlwaysSlots: readonly number[];
  readonly atr: Uint8Array;
  /** What the demo/CA provisioning leaves in the retired slots; null = no Key History object at all. */
  readonly retiredKeys: RetiredKeysLayout | null;
  /** Where each fact of this row comes from. */
  readonly sources: readonly string[];
  /** SELECT of PIV clears the PIN, PUK and management-key status even when PIV is already selected. */
  readonly selectResetsSecurity?: true;
  /**
   * The PUK the card ships with, as its maker documents it; null when the issuer sets it per card (SP 800-73-4
   * Part 2 §2.4.3 defines the PUK's format, not a value). Host code learns it from the card profile, not from here.
   */
  readonly factoryPuk: string | null;
}

/** ATR of a YubiKey 5 (T=1, historical bytes "YubiKey"), so clients pick their PIV/YubiKey code paths. */
export const YUBIKEY_ATR = Uint8Array.of(
  0x3b, 0xfd, 0x13, 0x00, 0x00, 0x81, 0x31, 0xfe, 0x15, 0x80, 0x73, 0xc0, 0x21, 0xc0, 0x57, 0x59, 0x75, 0x62, 0x69,
  0x4b, 0x65, 0x79, 0x40,
);

/**
 * A plain PIV card's ATR: T=0 and T=1 offered (ISO 7816-3 §8.2.3), historical bytes = category 80 and one
 * COMPACT-TLV "card issuer's data" (tag 5) "PIVCARD" (ISO 7816-4 §12.1.1), TCK as the XOR check (§8.2.5).
 */
export const PLAIN_PIV_ATR = withTck([0x3b, 0x89, 0x80, 0x01, 0x80, 0x57, 0x50, 0x49, 0x56, 0x43, 0x41, 0x52, 0x44]);

function withTck(bytes: readonly number[]): Uint8Array {
  const tck = bytes.slice(1).reduce((x, b) => x ^ b, 0);
  return Uint8Array.from([...bytes, tck]);
}

const ALL_VENDOR = [INS.GET_VERSION, INS.GET_SERIAL, INS.GET_METADATA, INS.SET_PIN_RETRIES, INS.RESET, INS.IMPORT_KEY, INS.SET_MANAGEMENT_KEY];

/** Every key slot: 9A 9C 9D 9E and retired 82..95. */
export const ALL_KEY_SLOTS: readonly number[] = [
  Slot.AUTHENTICATION, Slot.SIGNATURE, Slot.KEY_MANAGEMENT, Slot.CARD_AUTH,
  ...Array.from({ length: RETIRED_SLOT_LAST - RETIRED_SLOT_FIRST + 1 }, (_, i) => RETIRED_SLOT_FIRST + i),
];

const YUBICO_DOCS = 'Yubico PIV documentation: GET SERIAL 5.0+, GET METADATA 5.3+, MOVE KEY 5.7+, policy tags AA/AB';
const SP_PART2 = 'SP 800-73-4 Part 2 §3: the mandatory command set (no vendor commands)';
const SP_TABLE_4B = 'SP 800-73-4 Part 1 Table 4b: 9A PIN, 9C PIN Always, 9D PIN, 9E no PIN';
const SP_KEY_HISTORY = 'SP 800-73-4 Part 1 §3.3.3: Key History (on-card, off-card counts, offCardCertURL)';
/** Yubico, "The PIV PIN, PUK, and management key" (YubiKey 5 user manual); CanoKey user guide, PIV "Default values". */
const VENDOR_PUK = '12345678';
const CANOKEY_PIV =
  'canokey-core 26dc6e8 applets/piv/piv.c: GET VERSION 5.7.0, GET SERIAL, GET METADATA, SET MANAGEMENT KEY, RESET, IMPORT KEY answered; no MOVE KEY, SET PIN RETRIES or ATTEST; 9C created with PIN policy "once"';

/** CanoKey's CCID ATR: T=1, historical bytes "Canokey" (canokey-core interfaces/USB/class/ccid/ccid.c atr_ccid). */
export const CANOKEY_ATR = Uint8Array.of(0x3b, 0xf7, 0x11, 0x00, 0x00, 0x81, 0x31, 0xfe, 0x65, 0x43, 0x61, 0x6e, 0x6f, 0x6b, 0x65, 0x79, 0x99);

export const CARD_KINDS: readonly CardKind[] = [
  {
    id: 'yubikey-5.7',
    label: 'YubiKey 5 (firmware 5.7)',
    firmwareVersion: [5, 7, 2],
    vendorInstructions: new Set([...ALL_VENDOR, INS.MOVE_KEY]),
    policyTags: true,
    pinAlwaysSlots: [Slot.SIGNATURE],
    atr: YUBIKEY_ATR,
    retiredKeys: { onCard: 1, offCard: 0, offCardCertUrl: null },
    factoryPuk: VENDOR_PUK,
    sources: [YUBICO_DOCS, SP_TABLE_4B],
  },
  {
    id: 'yubikey-5.4',
    label: 'YubiKey 5 (firmware 5.4: metadata, no MOVE KEY)',
    firmwareVersion: [5, 4, 3],
    vendorInstructions: new Set(ALL_VENDOR),
    policyTags: true,
    pinAlwaysSlots: [Slot.SIGNATURE],
    atr: YUBIKEY_ATR,
    retiredKeys: { onCard: 1, offCard: 0, offCardCertUrl: null },
    factoryPuk: VENDOR_PUK,
    sources: [YUBICO_DOCS, SP_TABLE_4B],
  },
  {
    id: 'sp800-73-4',
    label: 'Plain SP 800-73-4 PIV card',
    firmwareVersion: null,
    vendorInstructions: new Set(),
    policyTags: false,
    pinAlwaysSlots: [Slot.SIGNATURE],
    atr: PLAIN_PIV_ATR,
    // Key History is optional and absent: by §3.3.3 such a card holds no retired keys.
    retiredKeys: null,
    factoryPuk: null,
    sources: [SP_PART2, SP_TABLE_4B, 'SP 800-73-4 Part 1 Table 3: Key History object optional'],
  },
  {
    id: 'pin-always',
    label: 'PIV card with PIN Always on every key',
    firmwareVersion: null,
    vendorInstructions: new Set(),
    policyTags: false,
    // Part 1 §3.2 ("PIN Always": VERIFY right before each use) may be set for any key; CA tokens personalised that way exist.
    pinAlwaysSlots: ALL_KEY_SLOTS.filter((s) => s !== Slot.CARD_AUTH),
    atr: PLAIN_PIV_ATR,
    retiredKeys: { onCard: 1, offCard: 0, offCardCertUrl: null },
    factoryPuk: null,
    sources: [SP_PART2, 'SP 800-73-4 Part 1 §3.2: PIN Always access rule'],
  },
  {
    id: 'off-card-history',
    label: 'PIV card with retired keys whose certificates are kept off the card',
    firmwareVersion: null,
    vendorInstructions: new Set(),
    policyTags: false,
    pinAlwaysSlots: [Slot.SIGNATURE],
    atr: PLAIN_PIV_ATR,
    retiredKeys: { onCard: 1, offCard: 2, offCardCertUrl: 'http://pki.example.invalid/retired-certs' },
    factoryPuk: null,
    sources: [SP_PART2, SP_TABLE_4B, SP_KEY_HISTORY],
  },
  {
    // Reports 5.7.0 yet has no MOVE KEY: a host must not infer MOVE KEY from the version alone (6D00 → unsupported).
    // The real key has only retired slots 82 and 83; this emulator offers all twenty (see docs/web-ready-ukey.md §8).
    id: 'canokey',
    label: 'CanoKey (open hardware; PIV over CCID and its WebUSB interface)',
    firmwareVersion: [5, 7, 0],
    vendorInstructions: new Set([INS.GET_VERSION, INS.GET_SERIAL, INS.GET_METADATA, INS.SET_MANAGEMENT_KEY, INS.RESET, INS.IMPORT_KEY]),
    policyTags: true,
    pinAlwaysSlots: [],
    atr: CANOKEY_ATR,
    retiredKeys: { onCard: 1, offCard: 0, offCardCertUrl: null },
    // piv.c piv_select "reset internal states" (since cc68319, firmware 2.0.0; 1.x kept them on re-select).
    selectResetsSecurity: true,
    factoryPuk: VENDOR_PUK,
    sources: [CANOKEY_PIV, SP_TABLE_4B],
  },
];

export function cardKind(id: CardKindId): CardKind {
  const kind = CARD_KINDS.find((k) => k.id === id);
  if (!kind) throw new RangeError(`unknown card kind ${id}`);
  return kind;
}

/** The default: what the demo token and tests have always been (a YubiKey 5.7). */
export const DEFAULT_CARD_KIND: CardKind = cardKind('yubikey-5.7');
