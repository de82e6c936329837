/**
 * The driver worker's one service, exposed with comlink (DESIGN.md §4). The UI only ever talks to this.
 * Everything crossing it is structured-clonable plain data; errors cross as registered UKeyError classes.
 * A PIN crosses it only inward, only for the call that needs it (DESIGN.md §7).
 */
import type { CertificateReport } from '../pki/certificate-report';

export type TokenTransportKind = 'webusb-ccid' | 'webhid' | 'virtual';

/** A device the browser has granted us, as `getDevices()` sees it. */
export interface PairedToken {
  /** Stable id within this browser profile: vendorId:productId:serialNumber (or a demo id). */
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

export interface TokenInfo {
  readonly tokenId: string;
  readonly vendor: string | null;
  readonly model: string | null;
  /** Card serial (YubiKey F8) or CHUID-derived; what users quote to their CA as 介质序列号. */
  readonly serialNumber: string | null;
  readonly firmwareVersion: string | null;
  /** Hex of the CHUID GUID / FASC-N when present. */
  readonly chuidGuid: string | null;
  readonly atrHex: string;
  readonly supportsMetadata: boolean;
}

export interface PinStatus {
  /** Tries left without spending one; null when the card does not say. */
  readonly attemptsRemaining: number | null;
  readonly totalAttempts: number | null;
  readonly blocked: boolean;
  /** From GET METADATA where the card has it: still the factory default. */
  readonly isDefault: boolean | null;
}

export interface PinStatusPair {
  readonly pin: PinStatus;
  readonly puk: PinStatus;
}

export interface TokenCertificate {
  /** PIV slot, e.g. 0x9a. */
  readonly slot: number;
  /** DER of the certificate (public; may be cached). */
  readonly der: Uint8Array;
  readonly report: CertificateReport | null;
  /** Set when the object is there but could not be parsed. */
  readonly parseError: string | null;
}

export type KeyAlgorithmName = 'RSA-2048' | 'ECC-P256' | 'ECC-P384';

export interface GeneratedPublicKey {
  readonly slot: number;
  readonly algorithm: KeyAlgorithmName;
  /** SubjectPublicKeyInfo DER. */
  readonly spki: Uint8Array;
}

export interface SignRequest {
  readonly slot: number;
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

/**
 * What the window knows about the system clock, for assessClock in the worker (issue 3 §3): all ISO 8601,
 * each optional. The server's Date header comes with the local time it was received, so the worker can
 * carry it forward to the moment a report is made.
 */
export interface ClockEvidenceInput {
  /** When this app was built (Vite define); the clock cannot be earlier. */
  readonly buildTime?: string;
  /** The newest notBefore of any certificate the app has read (persisted by the window). */
  readonly newestNotBeforeSeen?: string;
  /** Our own origin's HTTP Date header and the local time the answer arrived, when online. */
  readonly server?: { readonly date: string; readonly receivedAt: string };
}

/** A CRL the worker downloaded (or parsed), described so the window can persist it without parsing it. */
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
  readonly slot: number;
  readonly algorithm: KeyAlgorithmName;
  readonly pin: string;
  /** Slot whose current certificate gives the subject; default `slot`. */
  readonly subjectFromSlot?: number;
  /** SPKI DER from generateKey; omitted → GET METADATA of the slot. */
  readonly publicKeySpki?: Uint8Array;
}

export interface DeviceService {
  /** Tokens the browser has granted (plus the demo token when started). */
  listPairedTokens(): Promise<PairedToken[]>;
  /** Starts the virtual demo token (lazy-loaded) and returns it as a paired token. */
  startDemoToken(): Promise<PairedToken>;
  open(tokenId: string): Promise<TokenInfo>;
  close(tokenId: string): Promise<void>;
  getTokenInfo(tokenId: string): Promise<TokenInfo>;
  readCertificates(tokenId: string): Promise<TokenCertificate[]>;
  /** Never spends a try (empty VERIFY / GET METADATA). */
  getPinStatus(tokenId: string): Promise<PinStatusPair>;
  verifyPin(tokenId: string, pin: string): Promise<void>;
  changePin(tokenId: string, oldPin: string, newPin: string): Promise<void>;
  changePuk(tokenId: string, oldPuk: string, newPuk: string): Promise<void>;
  unblockPin(tokenId: string, puk: string, newPin: string): Promise<void>;
  sign(tokenId: string, request: SignRequest): Promise<Uint8Array>;
  /** VERIFY once, then a PKCS#10 request signed by the slot's key, subject copied from the current certificate. */
  createCsr(tokenId: string, request: TokenCsrParams): Promise<Uint8Array>;
  generateKey(tokenId: string, slot: number, algorithm: KeyAlgorithmName, managementKeyHex: string): Promise<GeneratedPublicKey>;
  writeCertificate(tokenId: string, slot: number, der: Uint8Array, managementKeyHex: string): Promise<void>;
  /** Redacted APDU traffic log lines for the helpdesk export. */
  getTrafficLog(tokenId: string): Promise<string[]>;
  /** USBPcap capture (linktype 249) of the session, PIN data redacted. */
  getUsbCapture(tokenId: string): Promise<Uint8Array>;
  /**
   * The user's imported CA certificates (DER), replacing the previous set; beside each token's own anchors
   * (the demo CA). Reports made by the next readCertificates use them.
   */
  setTrustAnchors(ders: Uint8Array[]): Promise<void>;
  /**
   * Certificates of a CA file (DER, PEM, PKCS#7). Throws CaImportError: 'unreadable', or 'not-a-ca' when the
   * file holds only end-entity certificates. Only the entries with isCa are meant to be trusted.
   */
  parseCaFile(bytes: Uint8Array): Promise<CaCertificateInfo[]>;
  /** Adds a CRL (DER or PEM) to the worker's cache for offline revocation checks; CrlError when unreadable. */
  importCrl(bytes: Uint8Array): Promise<void>;
  /** Evidence about the system clock; reports made by the next readCertificates use it (clockSuspect). */
  setClockEvidence(evidence: ClockEvidenceInput): Promise<void>;
  /**
   * CRLs downloaded from distribution points since the last call, emptied by the call. The window persists
   * them and hands them back with importCrl when a new worker starts, so revocation still works offline.
   */
  takeFetchedCrls(): Promise<CrlInfo[]>;
}
