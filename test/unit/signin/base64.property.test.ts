import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, base64UrlToBytes, bytesToBase64, bytesToBase64Url } from '../../../src/shared/signin/base64';
import { Base64FormatError } from '../../../src/shared/signin/errors';

const RUNS = { numRuns: 10_000 };

describe('strict base64 / base64url (RFC 4648 §4, §5)', () => {
  it('round-trips and matches Node Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
        expect(bytesToBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
        expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
        expect(base64UrlToBytes(bytesToBase64Url(bytes))).toEqual(bytes);
      }),
      RUNS,
    );
  });

  it('decoders accept only canonical text and throw only Base64FormatError', () => {
    const alphabet = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_= \n.é'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.array(alphabet, { maxLength: 40 }).map((a) => a.join(''))), (text) => {
        for (const [decode, encode] of [[base64ToBytes, bytesToBase64], [base64UrlToBytes, bytesToBase64Url]] as const) {
          let bytes: Uint8Array;
          try {
            bytes = decode(text);
          } catch (error) {
            expect(error).toBeInstanceOf(Base64FormatError);
            continue;
          }
          expect(encode(bytes)).toBe(text); // canonical: one text per byte string
        }
      }),
      RUNS,
    );
  });

  it('refuses padding in base64url, non-zero trailing bits and whitespace', () => {
    expect(() => base64UrlToBytes('AA==')).toThrow(Base64FormatError);
    expect(() => base64UrlToBytes('AB')).toThrow(Base64FormatError);
    expect(() => base64ToBytes('AB==')).toThrow(Base64FormatError);
    expect(() => base64ToBytes('AA AA')).toThrow(Base64FormatError);
    expect(() => base64UrlToBytes('A')).toThrow(Base64FormatError);
  });
});
