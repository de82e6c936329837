import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual, concatBytes, fromHex, HexFormatError, toHex } from '../../../src/apdu/hex';

describe('hex', () => {
  it('formats upper case without separators', () => {
    expect(toHex(Uint8Array.of(0x00, 0xa4, 0x04, 0xff))).toBe('00A404FF');
    expect(toHex(new Uint8Array(0))).toBe('');
  });

  it('parses either case and ignores whitespace between digits', () => {
    expect(Array.from(fromHex('00 a4\n04 Ff'))).toEqual([0x00, 0xa4, 0x04, 0xff]);
  });

  it('rejects odd length and non-hex characters with a positioned HexFormatError', () => {
    expect(() => fromHex('ABC')).toThrow(HexFormatError);
    const error = (() => {
      try {
        fromHex('00G1');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(HexFormatError);
    expect((error as HexFormatError).position).toBe(2);
    expect((error as HexFormatError).toFields()).toEqual({ position: 2 });
    expect(() => fromHex('0x00')).toThrow(HexFormatError);
  });

  it('concatenates and compares', () => {
    const joined = concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3));
    expect(Array.from(joined)).toEqual([1, 2, 3]);
    expect(bytesEqual(joined, Uint8Array.of(1, 2, 3))).toBe(true);
    expect(bytesEqual(joined, Uint8Array.of(1, 2, 4))).toBe(false);
    expect(bytesEqual(joined, Uint8Array.of(1, 2))).toBe(false);
  });

  it('property: toHex → fromHex round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(bytesEqual(fromHex(toHex(bytes)), bytes)).toBe(true);
        expect(bytesEqual(fromHex(toHex(bytes).toLowerCase()), bytes)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('property: arbitrary text gives bytes or HexFormatError, never anything else', () => {
    const hexish = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF \n\tgxZ-:'.split('')), maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), hexish), (text) => {
        try {
          const bytes = fromHex(text);
          expect(bytes.length * 2).toBe(text.replace(/[ \t\r\n]+/g, '').length);
        } catch (e) {
          expect(e).toBeInstanceOf(HexFormatError);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
