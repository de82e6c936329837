/**
 * What the PKCS#15 profile adds to the apdu layer's status-word errors: a card whose PKCS#15 structures break
 * ISO 7816-15 §8, and a PIN the host refuses to send because the card's own PIN rules (AODF) forbid it.
 * Both are registered here, so the window rebuilds them by name with their fields.
 */
import { registerError, UKeyError, type GuideId } from '../../shared/errors';
import './error-texts';

/** An EF of the PKCS#15 application that is missing a required part or is not valid DER (ISO 7816-15 §8). */
export class Pkcs15DataError extends UKeyError {
  override readonly name = 'Pkcs15DataError';
  readonly guideId: GuideId = 'card-error';
  /** What was being read, e.g. "EF.ODF" or "EF.CDF entry 2". */
  readonly context: string;

  constructor(context: string, message: string, options?: { cause?: unknown }) {
    super(`${context}: ${message}`, options);
    this.context = context;
  }

  override toFields(): Record<string, string> {
    return { context: this.context };
  }
}
registerError('Pkcs15DataError', (message, fields) => {
  const error = new Pkcs15DataError(String(fields.context ?? ''), '');
  error.message = message;
  return error;
});

export const PKCS15_PIN_FORMAT_REASONS = ['too-short', 'too-long', 'charset'] as const;
export type Pkcs15PinFormatReason = (typeof PKCS15_PIN_FORMAT_REASONS)[number];

/**
 * The PIN breaks the card's own PinAttributes (ISO 7816-15 §8.8: minLength, maxLength/storedLength, pinType),
 * so it is not sent — no try is spent on a PIN the card cannot accept. Nothing of the PIN is kept.
 */
export class Pkcs15PinFormatError extends UKeyError {
  override readonly name = 'Pkcs15PinFormatError';
  readonly guideId: GuideId = 'pin-policy';
  readonly reason: Pkcs15PinFormatReason;
  readonly minLength: number;
  readonly maxLength: number;

  constructor(reason: Pkcs15PinFormatReason, minLength: number, maxLength: number, message?: string) {
    super(message ?? `PIN rejected before sending: ${reason} (the card allows ${minLength}..${maxLength} characters)`);
    this.reason = reason;
    this.minLength = minLength;
    this.maxLength = maxLength;
  }

  override toFields(): Record<string, string | number> {
    return { reason: this.reason, minLength: this.minLength, maxLength: this.maxLength };
  }
}
registerError('Pkcs15PinFormatError', (message, fields) => {
  const reason = PKCS15_PIN_FORMAT_REASONS.find((r) => r === fields.reason) ?? 'charset';
  return new Pkcs15PinFormatError(reason, Number(fields.minLength ?? 0), Number(fields.maxLength ?? 0), message);
});
