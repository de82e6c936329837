import type { GuideId } from './guide-ids';
import { registerError } from './error-registry';
import { UKeyError } from './ukey-error';
import './error-texts';

/**
 * A capability the token or the browser lacks, found up front (STYLE.md: check features before use).
 * Used by every layer: a TPDU-level reader, a card that cannot tell its PIN tries without spending one, a
 * browser without WebUSB.
 */
export class NotSupportedError extends UKeyError {
  override readonly name = 'NotSupportedError';
  readonly guideId: GuideId;
  /** What is missing, e.g. "T=0/T=1" or "PKCS#15 pinType 2": the raising layer's own name for it. */
  readonly feature: string;

  constructor(feature: string, message: string, guideId: GuideId = 'token-unsupported') {
    super(message);
    this.feature = feature;
    this.guideId = guideId;
  }

  override toFields(): Record<string, string> {
    return { feature: this.feature, guideId: this.guideId };
  }
}

registerError('NotSupportedError', (message, fields) =>
  new NotSupportedError(String(fields.feature ?? ''), message, (fields.guideId as GuideId) ?? 'token-unsupported'),
);
