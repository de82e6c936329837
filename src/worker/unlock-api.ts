/**
 * The worker's CA-mediated unlock API (issue 10 §4), plain data over comlink. PINs, unblock codes and 解锁授权码 cross once
 * as arguments and are never stored, logged or retried; the escrowed unblock code never leaves the worker unless the
 * user asked to see it (`revealNewUnblockCode`).
 */
import type { EscrowPhase } from '../flows/unlock';
import type { SerializedUKeyError } from '../shared/errors';

export interface UnlockStatus {
  readonly tokenId: string;
  readonly keySerial: string;
  /** null: never registered from this app. */
  readonly escrowPhase: EscrowPhase | null;
  /** The CA's committed unblock code is the card's: online unlock works. */
  readonly registered: boolean;
  /** An unlock request filed from this app and not yet redeemed. */
  readonly request: { readonly requestId: string; readonly filedAt: string } | null;
  /** Unblock-code tries left, when the card tells them without spending one. */
  readonly unblockCodeTriesLeft: number | null;
  /** The PIN is blocked (0 tries) as the card says now. */
  readonly pinBlocked: boolean;
  /**
   * Registering needs the current unblock code: the card has no documented factory one (its issuer set it), or says it no
   * longer holds it. The code is never guessed (issue 15 §1). Absent: false.
   */
  readonly unblockCodeRequired?: boolean;
}

export interface RegisterUnlockParams {
  readonly tokenId: string;
  /** Signs the escrow messages with the token's key (VERIFY right before each signature). */
  readonly pin: string;
  /** The unblock code on the card now; omitted → the factory one. */
  readonly currentUnblockCode?: string;
  /** Show the new unblock code once (the user asked); otherwise only the CA knows it. */
  readonly revealNewUnblockCode?: boolean;
}

export interface RedeemUnlockParams {
  readonly tokenId: string;
  /** The one-time 解锁授权码 from the CA operator. */
  readonly code: string;
  readonly newPin: string;
  readonly revealNewUnblockCode?: boolean;
}

export interface UnlockResult {
  readonly status: UnlockStatus;
  /** Only when asked for and the escrow was committed. */
  readonly newUnblockCode: string | null;
  /**
   * After an unlock: why the unblock-code rotation through the escrow did not finish (the unlock itself succeeded; the
   * user resumes the registration with the new PIN). Plain data: comlink's handlers see top-level values only.
   */
  readonly rotationError: SerializedUKeyError | null;
}

export interface UnlockApi {
  unlockStatus(tokenId: string): Promise<UnlockStatus>;
  registerOnlineUnlock(params: RegisterUnlockParams): Promise<UnlockResult>;
  /** Finishes an escrow a crash or an unplug left half done; the PIN only if a new escrow must be signed. */
  resumeEscrow(params: { readonly tokenId: string; readonly pin?: string }): Promise<UnlockStatus>;
  fileUnlockRequest(params: { readonly tokenId: string; readonly name: string; readonly phone: string }): Promise<UnlockStatus>;
  /** 解锁授权码 → escrowed unblock code → the card unblocks the PIN once → the unblock code rotated through the escrow again. */
  redeemUnlockCode(params: RedeemUnlockParams): Promise<UnlockResult>;
}
