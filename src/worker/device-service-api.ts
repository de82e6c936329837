/**
 * The driver worker's one service, exposed with comlink (DESIGN.md §4). The UI only ever talks to this.
 * Everything crossing it is structured-clonable plain data; errors cross as registered UKeyError classes.
 * A PIN crosses it only inward, only for the call that needs it (DESIGN.md §7).
 */
import type { UnlockApi } from './unlock-api';
import type { JobApi } from './jobs-api';
import type { RenewalApi } from './renewal-api';
import type { RecordsApi } from './records-api';
import type { CertificateReport } from '../shared/pki';
import type {
  CardPinPolicy,
  KeyRole,
  PairedToken,
  PinStatus,
  PinStatusPair,
  TokenCapabilities,
  KeyAlgorithmName,
} from '../cards/seam';
import type { SignInAlg, SignInEnvelope, CertFilter } from '../shared/signin';
import type { GuideId, ErrorTextPair } from '../shared/errors';

export type { RenewalApi, RenewalStatus, RenewalStep, RenewalWindow, RenewalWindowInfo, ResumeRenewalParams, StartRenewalParams } from './renewal-api';
export type { CardPinPolicy, CertFilter, KeyAlgorithmName, KeyRole, PairedToken, PinStatus, PinStatusPair, SignInAlg, SignInEnvelope, TokenCapabilities };
export type { TokenTransportKind } from '../cards/seam';

export interface TokenInfo {
  readonly tokenId: string;
  /** The card profile that answered (its id in the card-profile registry). */
  readonly profileId: string;
  readonly vendor: string | null;
  readonly model: string | null;
  /** Card serial or the card's own identifier; what users quote to their CA as 介质序列号. */
  readonly serialNumber: string | null;
  readonly firmwareVersion: string | null;
  /** Hex of the card's unique identifier, as its profile reads it, when present. */
  readonly cardIdentifier: string | null;
  readonly atrHex: string;
  /** The card tells PIN tries without spending one (unblock-code tries included). */
  readonly readsTriesWithoutSpending: boolean;
  /** What the card accepts as a PIN, from its profile; the PIN forms check it before sending. */
  readonly pinPolicy: CardPinPolicy;
  /** What the card's profile can do (credentials, signing, renewal); the UI offers nothing else. */
  readonly capabilities: TokenCapabilities;
}

export interface TokenCertificate {
  /** The profile's key reference; opaque outside the profile. */
  readonly keyRef: number;
  /** What the key is for, in the user's words. */
  readonly role: KeyRole;
  /** The profile's technical name of the key reference (e.g. "9C"), shown only under 技术详情. */
  readonly keyRefLabel?: string;
  /** DER of the certificate (public; may be cached). */
  readonly der: Uint8Array;
  readonly report: CertificateReport | null;
  /** Set when the object is there but could not be parsed. */
  readonly parseError: string | null;
}

export interface GeneratedPublicKey {
  readonly keyRef: number;
  readonly algorithm: KeyAlgorithmName;
  /** SubjectPublicKeyInfo DER. */
  readonly spki: Uint8Array;
}

export interface SignRequest {
  readonly keyRef: number;
  /** The data to sign; the worker hashes it (SHA-256 for RSA and P-256, SHA-384 for P-384). */
  readonly data: Uint8Array;
  readonly pin: string;
}

/** One certificate from a file the user offers as a trusted CA (parsed in the worker). */
export interface CaCertificateInfo {
  readonly der: Uint8Array;
  /** Lowercase hex SHA-256 of the DER: the idb key. */
  readonly sha256: string;
  readonly subjectDN: string;
  /** ISO 8601. */
  readonly notAfter: string;
  /** basicConstraints cA, or a self-signed certificate without basicConstraints (old v1 roots). */
  readonly isCa: boolean;
}

/** A CA certificate the user imported, as the worker keeps it (idb trustedCAs). */
export interface TrustedCaInfo {
  /** Lowercase hex SHA-256 of the DER. */
  readonly id: string;
  readonly der: Uint8Array;
  readonly subjectDN: string;
  /** ISO 8601. */
  readonly notAfter: string;
  readonly importedAt: string;
}

/** A CRL the worker keeps (downloaded or imported), described for the trust screen. */
export interface CrlInfo {
  readonly der: Uint8Array;
  /** Lowercase hex SHA-256 of the DER: the idb key. */
  readonly sha256: string;
  readonly issuerDN: string;
  /** ISO 8601. */
  readonly thisUpdate: string;
  /** ISO 8601, or null when the CRL names none. */
  readonly nextUpdate: string | null;
}

/** A PKCS#10 request made on the token (issue 3 §4; renewal builds on it). */
export interface TokenCsrParams {
  readonly keyRef: number;
  readonly algorithm: KeyAlgorithmName;
  readonly pin: string;
  /** Key whose current certificate gives the subject; default `keyRef`. */
  readonly subjectFromKeyRef?: number;
  /** SPKI DER from generateKey; omitted → the profile reads the key's public key from the card. */
  readonly publicKeySpki?: Uint8Array;
}

/** Tokens: which are reachable, opening them, what is on them (issue 7 §5: the service split by concern). */
export interface TokenApi {
  /** Tokens the browser has granted, from every device source (plus the demo token when started). */
  listPairedTokens(): Promise<PairedToken[]>;
  /** Starts the virtual demo token (lazy-loaded) and returns it as a paired token. */
  startDemoToken(): Promise<PairedToken>;
  /** Leaves the demo: the shared demo card (every window's) is deleted; the next start is factory-fresh. */
  leaveDemoToken(): Promise<void>;
  open(tokenId: string): Promise<TokenInfo>;
  close(tokenId: string): Promise<void>;
  readCertificates(tokenId: string): Promise<TokenCertificate[]>;
}

/** PIN operations; each is sent once and never retried (DESIGN.md §7). */
export interface PinApi {
  /** Never spends a try (the profile reads the counters without a verification). */
  getPinStatus(tokenId: string): Promise<PinStatusPair>;
  verifyPin(tokenId: string, pin: string): Promise<void>;
  changePin(tokenId: string, oldPin: string, newPin: string): Promise<void>;
  changeUnblockCode(tokenId: string, currentUnblockCode: string, newUnblockCode: string): Promise<void>;
  unblockPin(tokenId: string, unblockCode: string, newPin: string): Promise<void>;
  /** VERIFY immediately followed by the signature (issue 7 §3). */
  sign(tokenId: string, request: SignRequest): Promise<Uint8Array>;
  /** Subject and key read first, then VERIFY, then a PKCS#10 request signed by that key. */
  createCsr(tokenId: string, request: TokenCsrParams): Promise<Uint8Array>;
}

/** Administrator operations; the management key is used for the call only and wiped. */
export interface KeyAdminApi {
  generateKey(tokenId: string, keyRef: number, algorithm: KeyAlgorithmName, adminKeyHex: string): Promise<GeneratedPublicKey>;
  writeCertificate(tokenId: string, keyRef: number, der: Uint8Array, adminKeyHex: string): Promise<void>;
}

/** What a helpdesk needs; secrets redacted by the card profile's policy (issue 7 §4). */
export interface DiagnosticsApi {
  getTrafficLog(tokenId: string): Promise<string[]>;
  /** USBPcap capture (linktype 249) of the session, secrets zeroed. */
  getUsbCapture(tokenId: string): Promise<Uint8Array>;
  /** Plain-JSON description of the open link (reader, ATR, profile), null when not open. */
  describeLink(tokenId: string): Promise<Record<string, unknown> | null>;
}

/** The trust store the worker keeps itself in IndexedDB (issue 7 §5: the worker owns its data). */
export interface TrustApi {
  /**
   * Certificates of a CA file (DER, PEM, PKCS#7). Throws CaImportError: 'unreadable', or 'not-a-ca' when the
   * file holds only end-entity certificates. Only the entries with isCa are meant to be trusted.
   */
  parseCaFile(bytes: Uint8Array): Promise<CaCertificateInfo[]>;
  /** The user's trusted CA certificates, oldest first, kept by the worker in IndexedDB. */
  listTrustedCas(): Promise<TrustedCaInfo[]>;
  /** Adds the CA certificates of a file (parseCaFile's rules); returns how many were new. Reports use them at once. */
  importCaFile(bytes: Uint8Array): Promise<number>;
  removeTrustedCa(id: string): Promise<void>;
  /** Adds a CRL (DER or PEM) for offline revocation checks and keeps it; CrlError when unreadable or unverifiable. */
  importCrl(bytes: Uint8Array): Promise<CrlInfo>;
  /** CRLs kept for offline checks (downloaded or imported). */
  listCrls(): Promise<CrlInfo[]>;
}

/** A certificate that can answer a portal's sign-in request (issue 9 §2). */
export interface SignInChoice {
  readonly tokenId: string;
  readonly keyRef: number;
  readonly role: KeyRole;
  readonly alg: SignInAlg;
  readonly subjectDN: string;
  readonly subject: Readonly<Record<string, string>>;
  readonly issuerDN: string;
  /** ISO 8601. */
  readonly notAfter: string;
  /** The authentication key (the profile gave it that role): chosen unless the user picks another. */
  readonly preferred: boolean;
}

/** What the sign popup accepted, passed on as is: the worker builds the signed bytes itself. */
export interface SignInParams {
  readonly tokenId: string;
  readonly keyRef: number;
  /** The portal's request message, validated again here (the window cannot choose the bytes). */
  readonly request: unknown;
  /** MessageEvent.origin of the accepted request. */
  readonly origin: string;
  readonly pin: string;
}

/** A site that signed in with a key (kept on this device). */
export interface SignInHistoryEntry {
  readonly origin: string;
  readonly at: string;
}

/** A key the sign popup could not read now, and why (issue 15 §4): shown beside the other keys' choices. */
export interface SignInTokenProblem {
  readonly tokenId: string;
  /** The UKeyError's name (e.g. TokenInUseElsewhereError): the popup's error texts are keyed by it. */
  readonly errorName: string;
  readonly guideId: GuideId | null;
  readonly message: string;
  /** The error's typed fields, for the text's placeholders. */
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
  /** The error's texts as its group registered them (issue 17 §3): the popup need not load that group. */
  readonly texts?: ErrorTextPair;
}

/** Sign-in choices with the per-key problems beside them (review defect 12: a failure is never swallowed). */
export interface SignInOptions {
  readonly choices: SignInChoice[];
  readonly problems: SignInTokenProblem[];
}

export interface SignInApi {
  /**
   * Certificates on the reachable keys that can sign a login (never an encryption-only one), the portal's
   * certFilter applied. Throws UnsupportedSignInError when keys are there but none of their certificates can.
   */
  signInChoices(certFilter?: CertFilter): Promise<SignInChoice[]>;
  /** The same choices, and for each key that could not be read (busy in another window, pulled…) why. */
  signInOptions(certFilter?: CertFilter): Promise<SignInOptions>;
  /** Builds the "ukey.get" v1 payload, VERIFY immediately followed by the signature, returns the envelope. */
  signIn(params: SignInParams): Promise<SignInEnvelope>;
  listSignIns(tokenId: string): Promise<SignInHistoryEntry[]>;
}

/**
 * The worker's endpoint: one object per service (issue 17 §4), `driver.tokens.open(…)`; api-surface.ts lists
 * what each exposes. The window calls the long flows (startRenewal, resumeRenewal, registerOnlineUnlock,
 * resumeEscrow, redeemUnlockCode) through `jobs.startJob` (issue 15 §5); the direct methods stay for in-worker
 * callers and tests.
 */
export interface DeviceService {
  readonly tokens: TokenApi;
  readonly pin: PinApi;
  readonly keyAdmin: KeyAdminApi;
  readonly diagnostics: DiagnosticsApi;
  readonly trust: TrustApi;
  readonly signIn: SignInApi;
  readonly renewal: RenewalApi;
  readonly unlock: UnlockApi;
  readonly jobs: JobApi;
  /** The window's saved keys, certificates and settings: the worker alone opens the database. */
  readonly records: RecordsApi;
}
