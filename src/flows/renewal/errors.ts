/** Why a renewal cannot start or go on; user-facing, so each names the renewal guide. */
import { registerError, UKeyError, type GuideId } from '../../shared/errors';
import './error-texts';

/** The CA profile's renewal window is closed (e.g. 12309: expired more than 30 days → 需要重新申请). */
export class RenewalClosedError extends UKeyError {
  override readonly name = 'RenewalClosedError';
  readonly guideId: GuideId = 'renewal-rules';

  constructor(
    readonly expiredDays: number,
    readonly graceDays: number,
    message = `The certificate expired ${expiredDays} days ago, more than the ${graceDays} days the CA allows: apply anew`,
  ) {
    super(message);
  }

  override toFields(): Record<string, number> {
    return { expiredDays: this.expiredDays, graceDays: this.graceDays };
  }
}
registerError('RenewalClosedError', (message, f) => new RenewalClosedError(Number(f.expiredDays), Number(f.graceDays), message));

/** A different key is plugged in than the one the renewal started on: nothing is done to it. */
export class RenewalTokenMismatchError extends UKeyError {
  override readonly name = 'RenewalTokenMismatchError';
  readonly guideId: GuideId = 'renewal-rules';

  constructor(
    readonly expectedSerial: string,
    readonly foundSerial: string,
    message = `This renewal belongs to key ${expectedSerial}; key ${foundSerial} is plugged in`,
  ) {
    super(message);
  }

  override toFields(): Record<string, string> {
    return { expectedSerial: this.expectedSerial, foundSerial: this.foundSerial };
  }
}
registerError('RenewalTokenMismatchError', (message, f) => new RenewalTokenMismatchError(String(f.expectedSerial), String(f.foundSerial), message));

export type RenewalProblem = 'no-free-key' | 'no-certificate' | 'no-ca-endpoint' | 'inconsistent-token' | 'unknown-renewal' | 'needs-admin-key';

/** The renewal cannot proceed for a reason of ours (no free spare key reference, nothing to renew, …). */
export class RenewalStateError extends UKeyError {
  override readonly name = 'RenewalStateError';
  readonly guideId: GuideId = 'renewal-rules';

  constructor(
    readonly problem: RenewalProblem,
    message: string,
  ) {
    super(message);
  }

  override toFields(): Record<string, string> {
    return { problem: this.problem };
  }
}
registerError('RenewalStateError', (message, f) => new RenewalStateError(String(f.problem) as RenewalProblem, message));

/**
 * The CA that issued this certificate has no online renewal service we know of (issue 14 §3): no CA address is
 * asked from the user; the user renews through the CA's own route (its assistant, counter or hotline).
 */
export class RenewalCaUnknownError extends UKeyError {
  override readonly name = 'RenewalCaUnknownError';
  readonly guideId: GuideId = 'renewal-rules';

  constructor(
    /** The CA profile row the certificate matches (for its name and hotlines), or '' when none does. */
    readonly caProfileId: string,
    message = `No online renewal service is known for the CA of this certificate${caProfileId ? ` (${caProfileId})` : ''}: renew through the CA's own route`,
  ) {
    super(message);
  }

  override toFields(): Record<string, string> {
    return { caProfileId: this.caProfileId };
  }
}
registerError('RenewalCaUnknownError', (message, f) => new RenewalCaUnknownError(String(f.caProfileId ?? ''), message));

export type NoFreeKeySlotReason = 'all-in-use' | 'cannot-show-empty';

/**
 * No key reference the card shows empty (issue 15 §2): the renewal refuses before generating anything, so no old
 * key (an old decryption key whose certificate is kept off the card) is overwritten.
 */
export class RenewalNoFreeKeySlotError extends UKeyError {
  override readonly name = 'RenewalNoFreeKeySlotError';
  readonly guideId: GuideId = 'renewal-rules';

  constructor(
    readonly reason: NoFreeKeySlotReason,
    message = reason === 'all-in-use' ? 'Every spare key reference on the token holds a key' : 'The token cannot show that any spare key reference is empty',
  ) {
    super(message);
  }

  override toFields(): Record<string, string> {
    return { reason: this.reason };
  }
}
registerError('RenewalNoFreeKeySlotError', (message, f) => new RenewalNoFreeKeySlotError(String(f.reason) as NoFreeKeySlotReason, message));
