/**
 * Errors of ISO 7816-3 parsing (§8 Answer-to-Reset), raised by tpdu/ and by the CCID driver above it. Defined
 * here, at the bottom of the stack, so usb-driver imports tpdu and never the reverse.
 */
import { registerError, UKeyError, type GuideId } from '../shared/errors';
import './error-texts';

type Fields = Record<string, string | number | boolean | null>;

/** An Answer-to-Reset that breaks ISO 7816-3 §8 (bad TS, truncated interface bytes, wrong TCK). */
export class AtrError extends UKeyError {
  override readonly name = 'AtrError';
  readonly guideId: GuideId = 'card-error';
  constructor(readonly reason: string, message: string) {
    super(message);
  }
  override toFields(): Fields {
    return { reason: this.reason };
  }
}
registerError('AtrError', (m, f) => new AtrError(String(f.reason ?? ''), m));
