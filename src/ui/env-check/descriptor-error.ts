import { registerError, UKeyError, type GuideId } from '../../shared/errors';
import './error-texts';

/** A USB configuration descriptor that does not follow USB 2.0 §9.6.3 / §9.6.5 framing. */
export class DescriptorParseError extends UKeyError {
  override readonly name = 'DescriptorParseError';
  readonly guideId: GuideId = 'token-unsupported';
  /** Byte offset where parsing stopped. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }

  override toFields(): Record<string, string | number> {
    return { offset: this.offset, guideId: this.guideId };
  }
}

registerError('DescriptorParseError', (message, fields) => new DescriptorParseError(message, Number(fields.offset ?? 0)));
