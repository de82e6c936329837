import { registerError, UKeyError } from '../../shared/errors';
import './error-texts';

/**
 * The virtual token's own errors, in a module of their own so the window can register them (for comlink) without
 * loading the card emulator.
 */

/**
 * Raised inside the emulator's command handlers to answer with a status word; the dispatcher turns it into
 * a response APDU, so it never leaves `PivCard.transmit`.
 */
export class VirtualCardStatusError extends UKeyError {
  override readonly name = 'VirtualCardStatusError';
  readonly guideId = 'card-error' as const;
  readonly sw: number;

  constructor(sw: number, message = `card answers ${sw.toString(16).padStart(4, '0')}`) {
    super(message);
    this.sw = sw;
  }

  override toFields(): Record<string, number> {
    return { sw: this.sw };
  }
}

registerError('VirtualCardStatusError', (message, fields) => new VirtualCardStatusError(Number(fields.sw), message));

/** A state file that is not what `toJSON` wrote. */
export class InvalidCardStateError extends UKeyError {
  override readonly name = 'InvalidCardStateError';
  readonly guideId = 'storage-problem' as const;
  readonly field: string;

  constructor(field: string) {
    super(`virtual token state: field "${field}" is missing or malformed`);
    this.field = field;
  }

  override toFields(): Record<string, string> {
    return { field: this.field };
  }
}

registerError('InvalidCardStateError', (_message, fields) => new InvalidCardStateError(String(fields.field)));
