/**
 * The PIN policy the PKCS#15 profile gives the UI (issue 17 §3) agrees with what the profile sends: a PIN the
 * UI's check lets through is never refused by encodePin, and a length the AODF forbids is never let through.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PIN_TYPE } from '../../../src/cards/pkcs15/constants';
import type { PinInfo } from '../../../src/cards/pkcs15/directory-files';
import { encodePin, pinMaxLength } from '../../../src/cards/pkcs15/pin-encoding';
import { cardPinPolicy } from '../../../src/cards/pkcs15/pin-policy';
import { checkPin } from '../../../src/ui/pin/pin-policy';

/** AODF PIN entries a card may carry: the three encodings the profile sends, any flags and lengths. */
const pinInfo: fc.Arbitrary<PinInfo> = fc
  .record({
    pinType: fc.constantFrom(PIN_TYPE.BCD, PIN_TYPE.ASCII_NUMERIC, PIN_TYPE.UTF8),
    flags: fc.nat({ max: 0xff }),
    minLength: fc.nat({ max: 12 }),
    storedLength: fc.nat({ max: 16 }),
    maxLength: fc.option(fc.nat({ max: 16 }), { nil: null }),
    padChar: fc.option(fc.nat({ max: 0xff }), { nil: null }),
  })
  .map((p) => ({ ...p, label: null, authId: null, reference: 0x81 }));

const typed = fc.string({ unit: fc.constantFrom(...'0123456789aZ!~ é'), maxLength: 20 });

describe('PKCS#15 card PIN policy', () => {
  it('never lets through a PIN the profile would refuse to send, and keeps the AODF lengths (property)', () => {
    fc.assert(
      fc.property(pinInfo, typed, (info, pin) => {
        const policy = cardPinPolicy(info);
        expect(policy.minLength).toBeGreaterThanOrEqual(1);
        expect(policy.maxLength).toBeGreaterThanOrEqual(policy.minLength);
        const max = pinMaxLength(info);
        if (max > 0 && max >= info.minLength) expect(policy.maxLength).toBe(max);
        if (checkPin(pin, policy).length > 0) return;
        // A card whose AODF contradicts itself (maxLength below minLength) takes nothing; the UI says the minimum.
        if (max > 0 && max < info.minLength) return;
        expect(() => encodePin(pin, info)).not.toThrow();
      }),
      { numRuns: 10_000 },
    );
  });
});
