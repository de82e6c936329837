import { registerError, UKeyError, type GuideId } from '../../shared/errors';
import './error-texts';

/** No registered card profile found its application on the card (every SELECT answered "not found"). */
export class UnsupportedCardError extends UKeyError {
  override readonly name = 'UnsupportedCardError';
  readonly guideId: GuideId = 'token-unsupported';
  /** The ids of the profiles that were tried, comma-separated (src/worker/card-profiles.ts). */
  readonly triedProfiles: string;

  constructor(triedProfiles: string, message = `No supported application on the card (tried ${triedProfiles})`) {
    super(message);
    this.triedProfiles = triedProfiles;
  }

  override toFields(): Record<string, string> {
    return { triedProfiles: this.triedProfiles };
  }
}
registerError('UnsupportedCardError', (message, fields) => new UnsupportedCardError(String(fields.triedProfiles ?? ''), message));
