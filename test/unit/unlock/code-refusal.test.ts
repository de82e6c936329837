// The CA's refusal text of a 解锁授权码 → reason and attempts left; never throws on any text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCodeRefusal } from '../../../src/flows/unlock/code-refusal';

describe('readCodeRefusal', () => {
  it('reads the reference CA wording', () => {
    expect(readCodeRefusal('解锁授权码不正确，还可尝试 1 次 / wrong unlock code, 1 attempts left')).toEqual({ reason: 'wrong', attemptsLeft: 1 });
    expect(readCodeRefusal('解锁授权码已过期 / the unlock code has expired')).toEqual({ reason: 'expired', attemptsLeft: 0 });
    expect(readCodeRefusal('解锁授权码无效或已用完 / the unlock code is not valid or used up')).toEqual({ reason: 'used-up', attemptsLeft: 0 });
    expect(readCodeRefusal('')).toEqual({ reason: 'wrong', attemptsLeft: null });
  });

  it('never throws and counts only what the text says (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), fc.nat(999), (noise, n) => {
        const any = readCodeRefusal(noise);
        expect(['wrong', 'expired', 'used-up']).toContain(any.reason);
        const counted = readCodeRefusal(`解锁授权码不正确，还可尝试 ${n} 次`);
        expect(counted).toEqual({ reason: 'wrong', attemptsLeft: n });
      }),
      { numRuns: 10_000 },
    );
  });
});
