/**
 * The token's CA has no online unlock service we know of (issue 14 §3): the demo CA serves only the demo token,
 * and no CA address is taken from the user. The user unlocks the CA's own way (guide 'unlock').
 */
import { registerError, UKeyError, type GuideId } from '../shared/errors';
import './error-texts';

export class UnlockCaUnknownError extends UKeyError {
  override readonly name = 'UnlockCaUnknownError';
  readonly guideId: GuideId = 'unlock';

  constructor(message = 'No online unlock service is known for the CA of this key: unlock it through the CA') {
    super(message);
  }
}
registerError('UnlockCaUnknownError', (message) => new UnlockCaUnknownError(message));
