import { registerError } from '../errors/error-registry';
import { UKeyError } from '../errors/ukey-error';

/** Status words the emulated card answers with (ISO 7816-4 §5.1.3; SP 800-73-4 Part 2 Table 6). */
export const CARD_SW = {
  OK: 0x9000,
  MORE_DATA: 0x6100,
  WRONG_PIN: 0x63c0,
  WRONG_LENGTH: 0x6700,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  AUTH_METHOD_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  INCORRECT_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  NOT_ENOUGH_MEMORY: 0x6a84,
  INCORRECT_P1P2: 0x6a86,
  REFERENCE_NOT_FOUND: 0x6a88,
  WRONG_P1P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;

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

/** Shorthand used by handlers: answer `sw` and stop. */
export function reject(sw: number, why?: string): never {
  throw new VirtualCardStatusError(sw, why);
}
