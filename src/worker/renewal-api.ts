/**
 * The worker's renewal API (issue 10 §2), plain data over comlink; split from device-service-api.ts so the job
 * API (jobs-api.ts) can name these types without a cycle. The PIN and the management key cross once, inward.
 */
import type { RenewalStep, RenewalWindow } from '../flows/renewal';

export type { RenewalStep, RenewalWindow };

/** Is renewal offered for a certificate: the CA profile's window, and what the CA needs (issue 10 §2). */
export interface RenewalWindowInfo {
  /** null when no CA profile is known for the certificate's issuer. */
  readonly window: RenewalWindow | null;
  readonly caProfileId: string | null;
  /** A renewal service (CMP endpoint policy, pinned signer) is configured for the issuing CA. */
  readonly caConfigured: boolean;
  /** The CA's policy asks an administrator for the management key. */
  readonly needsAdminKey: boolean;
  /** "Takes effect in about N minutes" after installation, when the profile documents it. */
  readonly effectiveAfterMinutes: number | null;
  /** ISO 8601. */
  readonly notAfter: string;
}

export interface StartRenewalParams {
  readonly tokenId: string;
  readonly keyRef: number;
  /**
   * Ignored for real tokens: the CA's CMP endpoint comes from the certificate's CA profile (issue 14 §3), never
   * from the user. Only the demo token's local reference CA (`npm run ca -- serve --demo --port N`) may be named.
   */
  readonly caUrl?: string;
  /** Verified right before each signature that needs it; never stored. */
  readonly pin: string;
  /** Only when the CA's policy asks an administrator; used for this call and wiped. */
  readonly adminKeyHex?: string;
}

export interface ResumeRenewalParams {
  readonly id: string;
  readonly pin: string;
  readonly adminKeyHex?: string;
}

export interface RenewalStatus {
  readonly id: string;
  readonly tokenId: string;
  /** The key the renewal belongs to: another key plugged in is refused. */
  readonly tokenSerial: string;
  readonly mainKeyRef: number;
  readonly newKeyRef: number;
  readonly step: RenewalStep;
  readonly stepNumber: number;
  readonly stepCount: number;
  /** Set when the card cannot move keys: the renewed key stays in this key reference. */
  readonly activeKeyRef: number | null;
  /** The key whose role the renewed key takes (a key reference the profile issued), also when the old key sat elsewhere (issue 15 §2). */
  readonly roleKeyRef: number;
  readonly newCertificate: Uint8Array | null;
  readonly failure: { readonly code: string; readonly message: string } | null;
  /**
   * Failed after the CA certified the new key (journal `keyKept`): the new key and certificate stay on the UKEY;
   * resuming confirms that certificate again and never makes a key (issue 15 §2). Absent: false.
   */
  readonly keyKept?: boolean;
  /** ISO 8601: when the CA said to collect (delayed issuance). */
  readonly checkAfter: string | null;
  /** Set when this run stopped to wait (CA unreachable, or review). */
  readonly waiting: { readonly retryAfterSeconds: number | null; readonly reason: string } | null;
  readonly caUrl: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Renewal from the token (issue 10 §2): resumable; the PIN is asked for each run and never kept. */
export interface RenewalApi {
  renewalWindow(tokenId: string, keyRef: number): Promise<RenewalWindowInfo>;
  /** Plans (window rule first: RenewalClosedError before any key is generated) and runs; resumes an unfinished one. */
  startRenewal(params: StartRenewalParams): Promise<RenewalStatus>;
  resumeRenewal(params: ResumeRenewalParams): Promise<RenewalStatus>;
  listRenewals(tokenId: string): Promise<RenewalStatus[]>;
}
