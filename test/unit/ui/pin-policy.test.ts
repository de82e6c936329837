import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CA_PROFILES } from '../../../src/shared/ca-profiles';
import { checkNewPin, checkPin, effectivePolicy, type PinPolicy } from '../../../src/ui/pin/pin-policy';

/** A PIV card's limits as its profile states them (SP 800-73-4 Part 2 §2.4.3). */
const PIV_PIN_POLICY: PinPolicy = { minLength: 6, maxLength: 8, charset: 'any' };
import { policyText, violationText } from '../../../src/ui/pin/violation-text';

const P12309: PinPolicy = { minLength: 6, maxLength: 8, charset: 'letters-digits' };
const CFCA: PinPolicy = { minLength: 6, maxLength: 6, charset: 'digits' };
const codes = (pin: string, policy: PinPolicy) => checkPin(pin, policy).map((v) => v.code);

describe('PIN policy', () => {
  it('names every violation of the 12309 rule (6–8 letters+digits)', () => {
    expect(codes('', P12309)).toEqual(['empty']);
    expect(codes('ab12', P12309)).toEqual(['too-short']);
    expect(codes('abcd12345', P12309)).toEqual(['too-long']);
    expect(codes('12345678', P12309)).toEqual(['letters-and-digits']);
    expect(codes('abcdefgh', P12309)).toEqual(['letters-and-digits']);
    expect(codes('abc 1234', P12309)).toEqual(['letters-and-digits']);
    expect(codes('abcd1234', P12309)).toEqual([]);
  });

  it('names every violation of the CFCA rule (6 digits)', () => {
    expect(codes('12345', CFCA)).toEqual(['too-short']);
    expect(codes('1234567', CFCA)).toEqual(['too-long']);
    expect(codes('12a456', CFCA)).toEqual(['digits-only']);
    expect(codes('１２３４５６', CFCA)).toEqual(['digits-only']); // full-width digits from a Chinese IME
    expect(codes('888888', CFCA)).toEqual([]);
  });

  it('refuses non-ASCII where any character is allowed, counting characters not UTF-16 units', () => {
    expect(codes('密码123456', PIV_PIN_POLICY)).toEqual(['ascii-only']);
    expect(checkPin('😀😀😀😀😀😀', PIV_PIN_POLICY)).toEqual([{ code: 'ascii-only' }]);
  });

  it('checks a new PIN: default, same as old, mismatch', () => {
    const base = { current: 'abc12345', policy: P12309, defaults: ['111111', 'abc999'] };
    expect(checkNewPin({ ...base, next: 'abc999', confirm: 'abc999' }).map((v) => v.code)).toEqual(['is-default']);
    expect(checkNewPin({ ...base, next: 'abc12345', confirm: 'abc12345' }).map((v) => v.code)).toEqual(['same-as-old']);
    expect(checkNewPin({ ...base, next: 'new12345', confirm: 'new12346' }).map((v) => v.code)).toEqual(['mismatch']);
    expect(checkNewPin({ ...base, next: 'new12345', confirm: 'new12345' })).toEqual([]);
  });

  it('keeps every CA policy inside the card limits of 6–8', () => {
    for (const profile of CA_PROFILES) {
      const p = effectivePolicy([profile.pinPolicy], PIV_PIN_POLICY);
      expect(p.minLength).toBeGreaterThanOrEqual(6);
      expect(p.maxLength).toBeLessThanOrEqual(8);
      expect(p.charset).toBe(profile.pinPolicy.charset);
    }
    expect(effectivePolicy([P12309, CFCA], PIV_PIN_POLICY)).toEqual({ minLength: 6, maxLength: 6, charset: 'digits' });
  });

  it('explains each violation in both languages with the numbers', () => {
    const [tooLong] = checkPin('abcdefghij', PIV_PIN_POLICY);
    expect(violationText(tooLong!, 'zh-CN')).toContain('最多 8 位，现在是 10 位');
    expect(violationText(tooLong!, 'en')).toContain('not cut short');
    expect(policyText(P12309, 'zh-CN')).toContain('6–8');
  });

  it('never accepts a PIN outside the policy and never throws (property)', () => {
    const policy = fc.record({
      minLength: fc.integer({ min: 1, max: 8 }),
      maxLength: fc.integer({ min: 1, max: 16 }),
      charset: fc.constantFrom('digits' as const, 'letters-digits' as const, 'any' as const),
    });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 24 }), policy, (pin, p) => {
        const violations = checkPin(pin, p);
        const len = [...pin].length;
        if (violations.length === 0) {
          expect(len).toBeGreaterThanOrEqual(p.minLength);
          expect(len).toBeLessThanOrEqual(p.maxLength);
          expect(pin).toMatch(/^[\x21-\x7e]+$/);
        }
        if (len > p.maxLength) expect(violations.some((v) => v.code === 'too-long')).toBe(true);
        for (const v of violations) expect(violationText(v, 'en').length).toBeGreaterThan(0);
      }),
      { numRuns: 10_000 },
    );
  });
});
