/**
 * The card-profile seam (issue 7 §5, DESIGN.md §4): what the worker asks of an open token, whatever command
 * set the card speaks. Each profile is a folder under src/cards/ that implements these two interfaces and one
 * line in src/worker/card-profiles.ts; a GM/T 0017-style profile is one more folder, not edits across the
 * worker. Profile words (a card's key numbering, containers) stay inside the profile; key references cross as
 * opaque numbers with a role in the user's words.
 */
import type { RedactionPolicy, TrafficLog, ApduTransport } from '../../apdu';
import type { CardPinPolicy, KeyRole, PinStatusPair, TokenCapabilities } from './token-model';

/** SM2: GM/T 0003 on sm2p256v1. A profile maps each name to its card's algorithm id (a vendor id if need be). */
export type KeyAlgorithmName = 'RSA-2048' | 'ECC-P256' | 'ECC-P384' | 'SM2';

/** Facts about the card itself, read once at open. */
export interface TokenFacts {
  /** What users quote to their CA as 介质序列号: the card serial, else the card's own unique identifier. */
  readonly serialNumber: string | null;
  readonly firmwareVersion: string | null;
  /** Hex of the card's own unique identifier, from the data object its profile reads it from. */
  readonly cardIdentifier: string | null;
  /** The card can tell PIN and unblock-code tries and "still default" without spending a try. */
  readonly readsTriesWithoutSpending: boolean;
  /** What the card accepts as a PIN (checked before sending, so a typo costs no try). */
  readonly pinPolicy: CardPinPolicy;
  /** What the profile can do with this card; the UI offers nothing else. */
  readonly capabilities: TokenCapabilities;
  /**
   * The unblock code this card ships with, as its maker documents it; null (or absent) when the issuer sets it
   * per card. Never tried to find out: a holder who does not know it is asked for it (issue 15 §1).
   */
  readonly factoryUnblockCode?: string | null;
}

/** A key reference with a certificate object present: its DER, or why it could not be decoded. */
export interface KeyCertificate {
  /** Opaque to everything but the profile (its own numbering of the key on the card). */
  readonly keyRef: number;
  readonly role: KeyRole;
  readonly der: Uint8Array | null;
  readonly error: Error | null;
  /** The profile's own technical name of the key reference (e.g. "9C"), shown only under 技术详情. */
  readonly keyRefLabel?: string;
}

export interface CsrRequest {
  readonly keyRef: number;
  readonly algorithm: KeyAlgorithmName;
  /** Key whose current certificate gives the subject; default `keyRef`. */
  readonly subjectFromKeyRef?: number;
  /** SubjectPublicKeyInfo DER of the key (what generateKey returned); omitted → the card reports it. */
  readonly publicKeySpki?: Uint8Array;
}

/**
 * Where a new key may go (issue 15 §2): a key reference the card shows empty, or why none can be given — the
 * profile owns the rule (the key-allocator.ts in its folder).
 */
export type KeyRefAllocation = { readonly keyRef: number } | { readonly refused: 'all-in-use' | 'cannot-show-empty' };

export interface TokenSession {
  readonly profileId: string;
  readonly transport: ApduTransport;
  readFacts(): Promise<TokenFacts>;
  /**
   * The profile's cheapest read of who this card is: the same value as `facts.serialNumber ?? facts.cardIdentifier`,
   * null when the card tells neither. A reopened device is checked with it (issue 15 §4: same-model cards share
   * an ATR and often a USB id), so nothing read from one card is used for another.
   */
  readIdentity?(): Promise<string | null>;
  /**
   * Facts this very card gave earlier (issue 15 sign-in cache: the caller proved it is the same card by a
   * certificate it reads back): the profile takes what they tell (e.g. which vendor extensions the firmware
   * has) instead of asking the card again.
   */
  adoptFacts?(facts: TokenFacts): void;
  listCertificates(): Promise<KeyCertificate[]>;
  /** Tries left for the PIN and its unblock code, never spending one. */
  pinStatus(): Promise<PinStatusPair>;
  verifyPin(pin: string): Promise<void>;
  changePin(currentPin: string, newPin: string): Promise<void>;
  changeUnblockCode(currentUnblockCode: string, newUnblockCode: string): Promise<void>;
  unblockPin(unblockCode: string, newPin: string): Promise<void>;
  /**
   * VERIFY immediately followed by the key operation (issue 7 §3); the profile hashes and pads. `algorithm`:
   * the key's, when the caller knows it (a renewal's new key has no certificate to tell it yet, issue 15 §2).
   */
  signWithPin(keyRef: number, data: Uint8Array, pin: string, algorithm?: KeyAlgorithmName): Promise<Uint8Array>;
  /** A PKCS#10 request signed by the key: everything read first, then VERIFY, then the signature. */
  createCsrWithPin(request: CsrRequest, pin: string): Promise<Uint8Array>;
  /** Administrator operations: `adminKey` authorises them for this call only and is wiped by the caller. */
  generateKey(keyRef: number, algorithm: KeyAlgorithmName, adminKey: Uint8Array): Promise<Uint8Array>;
  writeCertificate(keyRef: number, der: Uint8Array, adminKey: Uint8Array): Promise<void>;
  /** Renewal (issue 10 §2): the certificate of one key reference, null when there is none. */
  readCertificate?(keyRef: number): Promise<Uint8Array | null>;
  /** Renewal: removes the certificate object of a key reference (idempotent). */
  deleteCertificate?(keyRef: number, adminKey: Uint8Array): Promise<void>;
  /** Renewal: a free key reference for a new key, never one of `claimed` (unfinished or in-use renewals). */
  allocateKeyRef?(claimed: ReadonlySet<number>): Promise<KeyRefAllocation>;
  /** Renewal: the card can move a private key between key references (YubiKey-style MOVE KEY). */
  canMoveKeys?(): Promise<boolean>;
  /** Renewal: moves the private key of `from` to `to` (replacing it), or deletes it when `to` is null. */
  relocateKey?(from: number, to: number | null, adminKey: Uint8Array): Promise<'moved' | 'unsupported' | 'source-empty'>;
  close(): Promise<void>;
}

export interface ProfileOpenOptions {
  readonly log?: TrafficLog;
}

export interface CardProfile {
  readonly id: string;
  /** What this profile's commands carry that must never be logged or captured. */
  readonly redaction: RedactionPolicy;
  /**
   * Selects the profile's application on the card. Resolves null when the card does not have it (SELECT
   * answered 6A82, ISO 7816-4 §5.6), so the next profile may try; throws for anything else (a dead link is not
   * "unsupported").
   */
  open(transport: ApduTransport, options: ProfileOpenOptions): Promise<TokenSession | null>;
}
