import { registerError, UKeyError, type GuideId } from '../shared/errors';
import './error-texts';

/** Text that is not an even-length run of hexadecimal digits (whitespace between digits is allowed). */
export class HexFormatError extends UKeyError {
  override readonly name = 'HexFormatError';
  readonly guideId: GuideId = 'card-error';
  /** Position in the input (whitespace removed) where parsing stopped, or -1 for an odd length. */
  readonly position: number;

  constructor(position: number, message: string) {
    super(message);
    this.position = position;
  }

  override toFields(): Record<string, number> {
    return { position: this.position };
  }
}

registerError('HexFormatError', (message, fields) => new HexFormatError(Number(fields.position ?? -1), message));

const DIGITS = '0123456789ABCDEF';

/** Upper-case hex without separators, the form APDU traces and specs use ("00A4040009..."). */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += DIGITS[byte >> 4]! + DIGITS[byte & 0x0f]!;
  return out;
}

function nibble(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30; // 0-9
  if (code >= 0x41 && code <= 0x46) return code - 0x37; // A-F
  if (code >= 0x61 && code <= 0x66) return code - 0x57; // a-f
  return -1;
}

/**
 * Strict hex parser: ASCII whitespace between digits is ignored (so test vectors may be spaced), anything else
 * that is not a hex digit, or an odd digit count, raises HexFormatError. Never returns partial bytes.
 */
export function fromHex(text: string): Uint8Array<ArrayBuffer> {
  const compact = text.replace(/[ \t\r\n]+/g, '');
  if (compact.length % 2 !== 0) throw new HexFormatError(-1, `odd number of hex digits (${compact.length})`);
  const out = new Uint8Array(compact.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(compact.charCodeAt(2 * i));
    const lo = nibble(compact.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) {
      const position = hi < 0 ? 2 * i : 2 * i + 1;
      throw new HexFormatError(position, `not a hex digit at position ${position}`);
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

export { concatBytes } from '../shared/bytes';

/** Byte-wise equality (not constant-time: never use it to compare secrets). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
