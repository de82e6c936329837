/**
 * A token another window of this app keeps busy (issue 15 §4, review defect 12): it was asked to hand the token
 * over and did not within the time limit, because a card operation (a renewal, a PIN change) is still running
 * there. Never "no token": the token is there, the user only has to wait or finish in the other window.
 */
import { registerError, UKeyError, type GuideId } from '../shared/errors';
import './error-texts';

export class TokenInUseElsewhereError extends UKeyError {
  override readonly name = 'TokenInUseElsewhereError';
  readonly guideId: GuideId = 'device-busy';
  readonly tokenId: string;

  constructor(tokenId: string, message = `${tokenId} is in use by another window of this app`) {
    super(message);
    this.tokenId = tokenId;
  }

  override toFields(): Record<string, string> {
    return { tokenId: this.tokenId };
  }
}
registerError('TokenInUseElsewhereError', (message, fields) => new TokenInUseElsewhereError(String(fields.tokenId ?? ''), message));
