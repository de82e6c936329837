/**
 * PIV-level meanings of failures (SP 800-73-4 Part 2). Status words become errors in `apdu/` (one place);
 * these are what the session adds on top: a missing application, a PIN the host refuses to send, a
 * management key the card rejects, a card answer that breaks the data model.
 */
import { registerError, UKeyError, type GuideId } from '../../shared/errors';
import './error-texts';

/** SELECT of the PIV AID answered 6A82 (ISO 7816-4 §5.6): the token has no PIV application. */
export class PivAppNotFoundError extends UKeyError {
  override readonly name = 'PivAppNotFoundError';
  readonly guideId: GuideId = 'token-unsupported';
  readonly sw: number;

  constructor(sw: number, message = 'The token has no PIV application (SELECT answered 6A82)') {
    super(message);
    this.sw = sw;
  }

  override toFields(): Record<string, string | number> {
    return { sw: this.sw };
  }
}
registerError('PivAppNotFoundError', (message, fields) => new PivAppNotFoundError(Number(fields.sw ?? 0x6a82), message));

export const PIN_FORMAT_REASONS = ['too-short', 'too-long', 'charset'] as const;
export type PinFormatReason = (typeof PIN_FORMAT_REASONS)[number];
export const PIN_KINDS = ['PIN', 'PUK'] as const;
export type PinKind = (typeof PIN_KINDS)[number];

/**
 * The host refuses to send a PIN the card would not accept (SP 800-73-4 Part 2 §2.4.3: 6..8 bytes). We never
 * truncate (DESIGN.md §2: some tools silently cut a 9-character PIN to 8). Nothing of the PIN itself is kept.
 */
export class PinFormatError extends UKeyError {
  override readonly name = 'PinFormatError';
  readonly guideId: GuideId = 'pin-policy';
  readonly reason: PinFormatReason;
  readonly kind: PinKind;
  readonly minLength: number;
  readonly maxLength: number;

  constructor(kind: PinKind, reason: PinFormatReason, minLength: number, maxLength: number, message?: string) {
    super(message ?? `${kind} rejected before sending: ${reason} (allowed ${minLength}..${maxLength} ASCII characters)`);
    this.kind = kind;
    this.reason = reason;
    this.minLength = minLength;
    this.maxLength = maxLength;
  }

  override toFields(): Record<string, string | number> {
    return { kind: this.kind, reason: this.reason, minLength: this.minLength, maxLength: this.maxLength };
  }
}
registerError('PinFormatError', (message, fields) => {
  const reason = PIN_FORMAT_REASONS.find((r) => r === fields.reason) ?? 'charset';
  const kind = PIN_KINDS.find((k) => k === fields.kind) ?? 'PIN';
  return new PinFormatError(kind, reason, Number(fields.minLength ?? 6), Number(fields.maxLength ?? 8), message);
});

export const MGM_AUTH_FAILURES = ['rejected', 'card-not-authentic', 'bad-key-length'] as const;
export type ManagementKeyAuthFailure = (typeof MGM_AUTH_FAILURES)[number];

/**
 * Management-key mutual authentication failed (SP 800-73-4 Part 2 Appendix A.1): the card rejected our
 * witness (wrong key), the card's answer to our challenge was wrong, or the key has the wrong length.
 */
export class ManagementKeyAuthError extends UKeyError {
  override readonly name = 'ManagementKeyAuthError';
  readonly guideId: GuideId = 'card-error';
  readonly failure: ManagementKeyAuthFailure;

  constructor(failure: ManagementKeyAuthFailure, message?: string, options?: { cause?: unknown }) {
    super(message ?? `Management key authentication failed: ${failure}`, options);
    this.failure = failure;
  }

  override toFields(): Record<string, string> {
    return { failure: this.failure };
  }
}
registerError('ManagementKeyAuthError', (message, fields) =>
  new ManagementKeyAuthError(MGM_AUTH_FAILURES.find((f) => f === fields.failure) ?? 'rejected', message),
);

/** The card answered with data that breaks the PIV data model (missing tag, bad length, bad gzip). */
export class PivDataError extends UKeyError {
  override readonly name = 'PivDataError';
  readonly guideId: GuideId = 'card-error';
  /** What was being read, e.g. "certificate 9A" or "GENERATE 9C". */
  readonly context: string;

  constructor(context: string, message: string, options?: { cause?: unknown }) {
    super(`${context}: ${message}`, options);
    this.context = context;
  }

  override toFields(): Record<string, string> {
    return { context: this.context };
  }
}
registerError('PivDataError', (message, fields) => {
  const error = new PivDataError(String(fields.context ?? ''), '');
  error.message = message;
  return error;
});
