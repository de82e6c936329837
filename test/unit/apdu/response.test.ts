import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedApduError } from '../../../src/apdu/errors';
import { bytesEqual, fromHex, toHex } from '../../../src/apdu/hex';
import { encodeResponse, parseResponse } from '../../../src/apdu/response';

describe('response APDU', () => {
  it('splits data and status word', () => {
    const r = parseResponse(fromHex('0102 9000'));
    expect(Array.from(r.data)).toEqual([1, 2]);
    expect(r.sw).toBe(0x9000);
    expect(parseResponse(fromHex('63C2'))).toEqual({ data: new Uint8Array(0), sw: 0x63c2 });
  });

  it('rejects fewer than two bytes with MalformedApduError', () => {
    expect(() => parseResponse(new Uint8Array(0))).toThrow(MalformedApduError);
    expect(() => parseResponse(Uint8Array.of(0x90))).toThrow(MalformedApduError);
  });

  it('encodes data + SW1 SW2 and refuses an impossible status word', () => {
    expect(toHex(encodeResponse(fromHex('AB'), 0x6a82))).toBe('AB6A82');
    expect(() => encodeResponse(new Uint8Array(0), 0x10000)).toThrow(MalformedApduError);
    expect(() => encodeResponse(new Uint8Array(0), -1)).toThrow(MalformedApduError);
  });

  it('property: any bytes give a response or MalformedApduError; encode → parse round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          const r = parseResponse(bytes);
          expect(bytesEqual(encodeResponse(r.data, r.sw), bytes)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(MalformedApduError);
          expect(bytes.length).toBeLessThan(2);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
