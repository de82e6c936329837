/**
 * Issue 17 §3: a PIN refusal carries the credential word its card profile put in the status context, through
 * serialization (the worker boundary) and back; the apdu layer adds no word of its own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorForStatusWord, PinBlockedError, WrongPinError } from '../../../src/apdu/errors';
import { deserializeError, serializeError } from '../../../src/shared/errors/error-registry';

const across = (e: WrongPinError | PinBlockedError) => deserializeError(serializeError(e));

describe('the credential mark on a PIN refusal', () => {
  it('63Cx and 6983 carry the word the profile gave, and keep it across the boundary', () => {
    const wrong = errorForStatusWord(0x63c2, { pinCommand: true, credential: 'unblockCode' });
    expect(wrong).toBeInstanceOf(WrongPinError);
    expect(across(wrong as WrongPinError)).toMatchObject({ name: 'WrongPinError', credential: 'unblockCode', attemptsRemaining: 2 });
    const blocked = errorForStatusWord(0x6983, { pinCommand: true, credential: 'pin' });
    expect(blocked).toBeInstanceOf(PinBlockedError);
    const rebuilt = across(blocked as PinBlockedError);
    expect(rebuilt).toBeInstanceOf(PinBlockedError);
    expect(rebuilt).toMatchObject({ credential: 'pin' });
  });

  it('without a word from the profile the refusal names none', () => {
    expect(errorForStatusWord(0x63c1, { pinCommand: true })).toMatchObject({ credential: null });
    expect(across(new PinBlockedError())).toMatchObject({ credential: null });
  });

  it('property: any refusal status word and word survive serialization unchanged (10,000 runs)', () => {
    const refusalSw = fc.oneof(fc.integer({ min: 0x63c0, max: 0x63cf }), fc.integer({ min: 0x6300, max: 0x630f }), fc.constant(0x6983));
    const word = fc.option(fc.constantFrom('pin', 'unblockCode'), { nil: undefined });
    fc.assert(
      fc.property(refusalSw, word, (sw, credential) => {
        const error = errorForStatusWord(sw, credential === undefined ? { pinCommand: true } : { pinCommand: true, credential });
        expect(error instanceof WrongPinError || error instanceof PinBlockedError).toBe(true);
        const rebuilt = across(error as WrongPinError | PinBlockedError);
        expect(rebuilt.name).toBe(error.name);
        expect((rebuilt as WrongPinError | PinBlockedError).credential).toBe(credential ?? null);
        expect((rebuilt as WrongPinError | PinBlockedError).sw).toBe(sw);
      }),
      { numRuns: 10_000 },
    );
  });
});
