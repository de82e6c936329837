import type { CertificateReport } from '../shared/pki';
import type { CardPinPolicy, KeyRole, TokenCapabilities, TokenTransportKind } from '../cards/seam';

/**
 * What the app keeps on the device (issue 4 §2): paired-token details with the user's label, PUBLIC
 * certificates with their last report, settings, imported CA certificates. Never a PIN (DESIGN.md §7).
 */
export interface TokenRecord {
  /** The driver's PairedToken.id. */
  readonly id: string;
  /** Set by the user, e.g. 案管 / 信访 / 信息发布 / 代表委员联络. Empty until set. */
  readonly label: string;
  readonly vendor: string | null;
  readonly model: string | null;
  readonly productName: string;
  /** 介质序列号: the card serial the user quotes to the CA. */
  readonly serialNumber: string | null;
  readonly firmwareVersion: string | null;
  /** 'certificate-only': a key this browser cannot open, recorded from its certificate (issue 16 §1). */
  readonly transport: TokenTransportKind | 'certificate-only';
  readonly isDemo: boolean;
  /** ISO 8601 time of the last successful read, or null when never read. */
  readonly lastReadAt: string | null;
  readonly pairedAt: string;
  /**
   * The user's own notes (who keeps the key, the contact name/phone given to the CA — needed later to unlock
   * the PIN, seed 003). Optional: records written before issue 8 have none and stay valid.
   */
  readonly notes?: string;
  /** What the card accepts as a PIN, as its profile said at the last read (issue 17 §3); absent before that. */
  readonly pinPolicy?: CardPinPolicy;
  /** What the card's profile can do (credentials, signing, renewal); absent on records written before. */
  readonly capabilities?: TokenCapabilities;
}

export interface CertificateRecord {
  readonly tokenId: string;
  /** The profile's key reference (opaque outside the profile). */
  readonly keyRef: number;
  /** What the key is for, as the card's profile said (absent on records written before issue 17 §3). */
  readonly role?: KeyRole;
  /** The profile's technical name of the key reference, shown only under 技术详情. */
  readonly keyRefLabel?: string;
  /** PUBLIC certificate DER, stored as ArrayBuffer (STYLE.md "Persistence"). */
  readonly der: ArrayBuffer;
  readonly report: CertificateReport | null;
  readonly parseError: string | null;
  readonly readAt: string;
}

export interface SettingRecord {
  readonly key: string;
  readonly value: string;
}

export interface TrustedCaRecord {
  /** Lowercase hex SHA-256 of the DER. */
  readonly id: string;
  readonly der: ArrayBuffer;
  /** The certificate's subject DN, as the worker read it at import. */
  readonly label: string;
  /** ISO 8601 notAfter, as read at import (the main thread never parses certificates). */
  readonly notAfter: string;
  readonly importedAt: string;
}

/** A CRL downloaded by the worker, kept so revocation can still be checked offline (issue 3 §3). Public data. */
export interface CrlRecord {
  /** Lowercase hex SHA-256 of the DER. */
  readonly id: string;
  readonly der: ArrayBuffer;
  /** The CRL issuer's DN as the worker read it; older CRLs of the same issuer are pruned by it. */
  readonly issuer: string;
  /** ISO 8601 thisUpdate / nextUpdate (null when the CRL names none). */
  readonly thisUpdate: string;
  readonly nextUpdate: string | null;
  readonly storedAt: string;
}

/** One sign-in a key made for a site (issue 9 §2 "sites that signed in with this key"). Public data. */
export interface SignInRecord {
  /** Assigned by the store. */
  readonly id?: number;
  readonly tokenId: string;
  /** The requesting origin, exactly as the browser reported it. */
  readonly origin: string;
  /** ISO 8601. */
  readonly at: string;
  /** Lowercase hex SHA-256 of the signing certificate. */
  readonly certSha256: string;
}

export const STORE_NAMES = ['tokens', 'certificates', 'settings', 'trustedCAs', 'crls', 'signIns'] as const;
export type StoreName = (typeof STORE_NAMES)[number];

/** A record that failed its shape check: skipped, shown as a notice, re-read from the token. */
export interface CorruptRecordNotice {
  readonly store: StoreName;
  /** The record's key as text, for the notice and for re-reading. */
  readonly key: string;
  /** The token the record belonged to, when that can still be told. */
  readonly tokenId: string | null;
  /** The IndexedDB key itself, to delete the record once its token has been re-read. */
  readonly rawKey: IDBValidKey;
}
