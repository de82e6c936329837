/**
 * Plain data words shared by the worker's API, the store and the device sources — below all of them, so
 * the store depends on nothing above it (issue 7 §5). Structured-clonable, no behaviour.
 */
/** 'webusb-canokey': APDUs on EP0 of CanoKey's vendor-class web interface (src/sources/canokey, issue 18). */
export type TokenTransportKind = 'webusb-ccid' | 'webusb-canokey' | 'webhid' | 'smart-card' | 'virtual';

export const TOKEN_TRANSPORT_KINDS: readonly TokenTransportKind[] = ['webusb-ccid', 'webusb-canokey', 'webhid', 'smart-card', 'virtual'];

/** A device the browser has granted us, as its source lists it. */
export interface PairedToken {
  /**
   * Stable id within this browser profile, chosen by the source: for USB vendorId:productId:serial (or a
   * position when the device has no serial), for a PC/SC reader its name; never assumed to be a USB serial.
   */
  readonly id: string;
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  readonly usbSerialNumber: string | null;
  readonly transport: TokenTransportKind;
  /** From the known-token table, when it knows this device. */
  readonly vendor: string | null;
  readonly model: string | null;
  readonly isDemo: boolean;
}

/**
 * What a key is for, in the user's words rather than a card's numbering (key references, GM/T containers):
 * 身份认证 / 签名 / 加密 / 卡认证, or an older key kept after a renewal.
 */
export type KeyRole = 'authentication' | 'signature' | 'encryption' | 'card-authentication' | 'retired';

/** What a card says about a PIN (or the code that unblocks it), read without spending a try. */
export interface PinStatus {
  /** Tries left without spending one; null when the card does not say. */
  readonly attemptsRemaining: number | null;
  readonly totalAttempts: number | null;
  readonly blocked: boolean;
  /** Still the factory default (where the card can tell); null when unknown. */
  readonly isDefault: boolean | null;
}

/**
 * The user PIN and the card's unblock code, whatever the card calls it (a PUK, or a GM/T 0016-style card's
 * administrator PIN): its profile reports it in `unblockCode`.
 */
export interface PinStatusPair {
  readonly pin: PinStatus;
  /** Null when the card has no unblock code (its profile's capabilities say so, issue 17 §3). */
  readonly unblockCode: PinStatus | null;
}

/** Which characters a PIN may hold: digits only, letters and digits (both present), or printable ASCII. */
export type CardPinCharset = 'digits' | 'letters-digits' | 'any';

/**
 * What the card itself accepts as a PIN, said by its profile (from its standard, or read from the card as
 * ISO 7816-15 §8.8.2 PinAttributes say). The UI checks it before anything is
 * sent, so a typing mistake costs no try. Padding to the card's stored length is the profile's own business.
 */
export interface CardPinPolicy {
  readonly minLength: number;
  readonly maxLength: number;
  readonly charset: CardPinCharset;
}

/**
 * What a profile can do with this card, so the UI offers only what the card will not refuse (issue 17 §3).
 * `unblockCode`: the card has a code that unblocks the PIN (a PUK, a GM/T administrator PIN); without
 * one the UI offers no unblocking by code and no change of it.
 */
export interface TokenCapabilities {
  readonly credentials: { readonly pin: boolean; readonly unblockCode: boolean };
  /** The card signs with its keys (sign-in, CSRs). */
  readonly signs: boolean;
  /** The card generates keys and takes certificates written to it, so a renewal can run. */
  readonly renews: boolean;
}

/**
 * One of the card's secrets, named as in `TokenCapabilities.credentials`: the user PIN, or the code that unblocks
 * it. A profile marks a refused attempt with it, so the UI knows which secret failed without any card bytes.
 */
export type CredentialName = keyof TokenCapabilities['credentials'];
