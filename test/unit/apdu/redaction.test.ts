import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../../src/apdu/command';
import { fromHex, toHex } from '../../../src/apdu/hex';
import {
  carriesSecret,
  combineRedaction,
  commandDataRange,
  NO_REDACTION,
  REDACT_ALL_DATA,
  redactBytes,
  responseDataRange,
  secretInstructions,
} from '../../../src/apdu/redaction';

describe('commandDataRange (ISO 7816-4 §5.1 Table 1)', () => {
  it('finds the data field of every case, none for cases 1 and 2', () => {
    expect(commandDataRange(fromHex('00CA0000'))).toBeUndefined();
    expect(commandDataRange(fromHex('00CA000000'))).toBeUndefined();
    expect(commandDataRange(fromHex('00CA0000000100'))).toBeUndefined(); // case 2E
    expect(commandDataRange(fromHex('0020008002AABB'))).toEqual({ start: 5, end: 7 });
    expect(commandDataRange(fromHex('0020008002AABB00'))).toEqual({ start: 5, end: 7 });
    expect(commandDataRange(fromHex('00200080000002AABB'))).toEqual({ start: 7, end: 9 });
    expect(commandDataRange(fromHex('00200080000002AABB0000'))).toEqual({ start: 7, end: 9 });
  });

  it('takes everything after the header when the lengths do not add up', () => {
    expect(commandDataRange(fromHex('0020008009AABB'))).toEqual({ start: 4, end: 7 });
    expect(commandDataRange(fromHex('002000800000'))).toEqual({ start: 4, end: 6 });
  });

  it('property: for any encoded command it covers exactly the data', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ minLength: 1, maxLength: 400 }), fc.option(fc.integer({ min: 0, max: 65536 })), (extended, data, le) => {
        fc.pre(extended || (data.length <= 255 && (le === null || (le <= 256 && le !== 0) || le === 0)));
        const cmd = encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: 0x80, data, le: le ?? undefined }, { extended: extended || data.length > 255 });
        const range = commandDataRange(cmd)!;
        expect(toHex(cmd.subarray(range.start, range.end))).toBe(toHex(data));
      }),
      { numRuns: 10_000 },
    );
  });

  it('property: arbitrary bytes never throw and stay inside the APDU', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const range = commandDataRange(bytes);
        if (range) expect(range.start >= 4 && range.end <= bytes.length && range.start < range.end).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('policies', () => {
  const verify = fromHex('0020008008313233343536FFFF');
  const proprietary = secretInstructions([{ classes: [0x80, 0x84], ins: 0x5e, commandData: true, responseData: true }]);

  it('NO_REDACTION hides nothing; REDACT_ALL_DATA hides every data byte but keeps SW', () => {
    expect(carriesSecret(NO_REDACTION, verify)).toBe(false);
    expect(carriesSecret(REDACT_ALL_DATA, verify)).toBe(true);
    expect(carriesSecret(REDACT_ALL_DATA, fromHex('00CA000000'))).toBe(false);
    expect(REDACT_ALL_DATA.responseSecrets(verify, fromHex('AABB9000'))).toEqual([{ start: 0, end: 2 }]);
    expect(responseDataRange(fromHex('9000'))).toBeUndefined();
    expect(responseDataRange(fromHex('AA'))).toEqual({ start: 0, end: 1 });
  });

  it('secretInstructions matches by class (chaining bit ignored), INS, P1/P2', () => {
    expect(carriesSecret(proprietary, fromHex('805E000002AABB'))).toBe(true);
    expect(carriesSecret(proprietary, fromHex('845E000002AABB'))).toBe(true);
    expect(carriesSecret(proprietary, fromHex('945E000002AABB'))).toBe(true); // a chained part of 84
    expect(carriesSecret(proprietary, fromHex('005E000002AABB'))).toBe(false);
    expect(carriesSecret(proprietary, fromHex('805F000002AABB'))).toBe(false);
    expect(proprietary.responseSecrets(fromHex('805E000000'), fromHex('0102039000'))).toEqual([{ start: 0, end: 3 }]);
  });

  it('combineRedaction hides what any part hides', () => {
    const both = combineRedaction(secretInstructions([{ ins: 0x20, commandData: true, responseData: false }]), proprietary);
    expect(carriesSecret(both, verify)).toBe(true);
    expect(carriesSecret(both, fromHex('805E000002AABB'))).toBe(true);
    expect(carriesSecret(both, fromHex('00CB3FFF02AABB'))).toBe(false);
  });

  it('redactBytes zeroes clamped ranges in a copy', () => {
    const bytes = fromHex('0102030405');
    expect(toHex(redactBytes(bytes, [{ start: 3, end: 99 }, { start: -2, end: 1 }]))).toBe('0002030000');
    expect(toHex(bytes)).toBe('0102030405');
  });
});
