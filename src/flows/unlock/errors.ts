/** Typed errors of CA-mediated unlock and unblock-code escrow (issue 10 §4); user texts in src/ui/i18n/unlock-texts.ts. */
import { registerError, UKeyError, type GuideId } from '../../shared/errors';
import './error-texts';

export type UnlockProblem =
  /** No certificate from the configured CA on the token: only a key holder may escrow its unblock code. */
  | 'no-ca-certificate'
  /** A crash left an unblock-code change whose outcome the card cannot tell without a try: nothing is tried blindly. */
  | 'escrow-unresolved'
  /** Finishing a registration left at the factory unblock code needs the PIN. */
  | 'needs-pin'
  /** No current unblock code given, and the card has no documented factory one or says it left it: we do not guess it. */
  | 'unblock-code-needed'
  /** No unlock request filed from this app for this key. */
  | 'unknown-request'
  /** The token plugged in is not the one the request or registration is for. */
  | 'other-token';

export class UnlockStateError extends UKeyError {
  override readonly name = 'UnlockStateError';
  readonly guideId: GuideId = 'unlock';

  constructor(
    readonly problem: UnlockProblem,
    message: string,
  ) {
    super(message);
  }

  override toFields(): Record<string, string> {
    return { problem: this.problem };
  }
}
registerError('UnlockStateError', (message, f) => new UnlockStateError(String(f.problem) as UnlockProblem, message));

/** The CA refused the 解锁授权码 (wrong, expired, used up); `attemptsLeft` when the CA said how many remain. */
export class UnlockCodeRejectedError extends UKeyError {
  override readonly name = 'UnlockCodeRejectedError';
  readonly guideId: GuideId = 'unlock';

  constructor(
    readonly reason: 'wrong' | 'expired' | 'used-up',
    readonly attemptsLeft: number | null,
    message: string,
  ) {
    super(message);
  }

  override toFields(): Record<string, string | number | null> {
    return { reason: this.reason, attemptsLeft: this.attemptsLeft };
  }
}
registerError('UnlockCodeRejectedError', (message, f) =>
  new UnlockCodeRejectedError(String(f.reason) as UnlockCodeRejectedError['reason'], typeof f.attemptsLeft === 'number' ? f.attemptsLeft : null, message),
);

/**
 * The card refused the unblock code the CA released (its profile marked the refusal as the unblock code's). Never retried: the
 * escrow is out of step with the card; `unblockCodeTriesLeft` when the card said.
 */
export class EscrowedUnblockCodeRejectedError extends UKeyError {
  override readonly name = 'EscrowedUnblockCodeRejectedError';
  readonly guideId: GuideId = 'unlock';

  constructor(
    readonly unblockCodeTriesLeft: number | null,
    message: string,
  ) {
    super(message);
  }

  override toFields(): Record<string, number | null> {
    return { unblockCodeTriesLeft: this.unblockCodeTriesLeft };
  }
}
registerError('EscrowedUnblockCodeRejectedError', (message, f) => new EscrowedUnblockCodeRejectedError(typeof f.unblockCodeTriesLeft === 'number' ? f.unblockCodeTriesLeft : null, message));

/** The CA could not be reached or answered with an HTTP error (RFC 9811 §3.3); `retryable` for network/5xx/429. */
export class UnlockTransferError extends UKeyError {
  override readonly name = 'UnlockTransferError';
  readonly guideId: GuideId = 'unlock';

  constructor(
    readonly status: number | null,
    readonly retryable: boolean,
    message: string,
  ) {
    super(message);
  }

  override toFields(): Record<string, number | boolean | null> {
    return { status: this.status, retryable: this.retryable };
  }
}
registerError('UnlockTransferError', (message, f) => new UnlockTransferError(typeof f.status === 'number' ? f.status : null, f.retryable === true, message));
