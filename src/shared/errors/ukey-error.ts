import type { GuideId } from './guide-ids';

/**
 * The one base class of every error the product raises on purpose.
 *
 * Why: errors cross the worker boundary (comlink keeps only message and stack by default), and the UI must
 * show the cause and what to do. So every subclass has a stable `name`, typed fields, and a `guideId`.
 * Subclasses register themselves in `error-registry.ts` so that the window can rebuild the real class.
 */
export abstract class UKeyError extends Error {
  /** Stable machine name, e.g. "WrongPinError". Set by each subclass; survives minification. */
  abstract override readonly name: string;
  /** Guide explaining the cause and the fix, shown beside the message. */
  abstract readonly guideId: GuideId;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** Typed fields that must survive serialisation (sw, attemptsRemaining, deviceName, …). */
  toFields(): Record<string, string | number | boolean | null> {
    return {};
  }
}
