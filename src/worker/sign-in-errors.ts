import { registerError, UKeyError, type GuideId } from '../shared/errors';
import { isSignInErrorCode, type SignInErrorCode } from '../shared/signin';
import './error-texts';

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

/**
 * The certificate about to sign a login is not the one the card holds now (issue 15 sign-in cache): the card
 * was renewed, rewritten elsewhere or re-provisioned under the same serial since its certificates were listed.
 * Raised BEFORE VERIFY, so the PIN never reached the card; the certificates have been read again, and the
 * window must list them again before anything is signed.
 */
export class SignInCertificateChangedError extends UKeyError {
  override readonly name = 'SignInCertificateChangedError';
  readonly guideId: GuideId = 'no-certificate';
  readonly tokenId: string;

  constructor(tokenId: string, message = `${tokenId}: the certificates on the card changed since they were listed`) {
    super(message);
    this.tokenId = tokenId;
  }

  override toFields(): Record<string, string> {
    return { tokenId: this.tokenId };
  }
}
registerError('SignInCertificateChangedError', (message, fields) => new SignInCertificateChangedError(String(fields.tokenId ?? ''), message));
