import type { GuideId } from '../shared/errors/guide-ids';
import { registerError } from '../shared/errors/error-registry';
import { UKeyError } from '../shared/errors/ukey-error';
import { isSignInErrorCode, type SignInErrorCode } from '../shared/signin/protocol';

/**
 * The worker refused a sign-in (issue 9 §2) with the code the portal is told: no key, no certificate that can
 * sign, a request or origin that does not pass the gate. Never used for a wrong PIN (that stays WrongPinError).
 */
export class SignInRefusedError extends UKeyError {
  override readonly name = 'SignInRefusedError';
  readonly code: SignInErrorCode;
  readonly guideId: GuideId;

  constructor(code: SignInErrorCode, message: string) {
    super(message);
    this.code = code;
    this.guideId = code === 'NO_TOKEN' ? 'token-not-recognised' : code === 'UNSUPPORTED_TOKEN' ? 'token-unsupported' : 'no-user-linked';
  }

  override toFields(): Record<string, string> {
    return { code: this.code };
  }
}
registerError('SignInRefusedError', (message, fields) =>
  new SignInRefusedError(isSignInErrorCode(fields.code) ? fields.code : 'BAD_REQUEST', message),
);
