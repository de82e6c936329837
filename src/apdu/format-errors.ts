import { registerError, UKeyError, type GuideId } from '../shared/errors';
import './error-texts';

/**
 * Bytes that are not a valid command or response APDU (ISO 7816-4 §5.1): too short, Lc disagreeing with the
 * length, a command too long for the chosen encoding. Raised by parsers and encoders, never a RangeError.
 */
export class MalformedApduError extends UKeyError {
  override readonly name = 'MalformedApduError';
  readonly guideId: GuideId = 'card-error';
  /** Length of the offending byte string (or of the command being encoded). */
  readonly length: number;

  constructor(length: number, message: string) {
    super(message);
    this.length = length;
  }

  override toFields(): Record<string, number> {
    return { length: this.length };
  }
}

registerError('MalformedApduError', (message, fields) => new MalformedApduError(Number(fields.length ?? 0), message));

/** Malformed BER-TLV (ISO 7816-4 §5.2, X.690 §8.1): bad tag, bad length, value past the end, trailing bytes. */
export class TlvError extends UKeyError {
  override readonly name = 'TlvError';
  readonly guideId: GuideId = 'card-error';
  /** Offset in the input where decoding failed, or -1 when not about a position (e.g. a missing tag). */
  readonly offset: number;
  /** The tag concerned, or null. */
  readonly tag: number | null;

  constructor(offset: number, message: string, tag: number | null = null) {
    super(message);
    this.offset = offset;
    this.tag = tag;
  }

  override toFields(): Record<string, number | null> {
    return { offset: this.offset, tag: this.tag };
  }
}

registerError(
  'TlvError',
  (message, fields) =>
    new TlvError(Number(fields.offset ?? -1), message, typeof fields.tag === 'number' ? fields.tag : null),
);
