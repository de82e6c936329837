import { describe, expect, it } from 'vitest';
import { isKnownDefault, knownDefaultPins } from '../../../src/ui/pin/default-pins';
import { tokenPinRules } from '../../../src/ui/pin/token-pin-rules';
import { report } from '../store/fixtures';

/** A PIV card's limits as its profile states them (SP 800-73-4 Part 2 §2.4.3). */
const PIV_CARD = { minLength: 6, maxLength: 8, charset: 'any' } as const;

describe('default PINs', () => {
  it('lists the seeds defaults and the last six characters of the certificate USCI', () => {
    const pins = knownDefaultPins([report({ identifiers: { usci: '91110000600037341L' } })]);
    expect(pins).toEqual(expect.arrayContaining(['888888', '12345678', '111111', '123456', '37341L']));
    expect(isKnownDefault('37341L', pins)).toBe(true);
    expect(isKnownDefault('37341l', pins)).toBe(false);
  });

  it('ignores identifiers that are not an 18-character USCI', () => {
    expect(knownDefaultPins([report({ identifiers: { usci: '123' } })])).not.toContain('123');
  });

  it('takes the policy of the CA profile of the certificates', () => {
    const rules = tokenPinRules([report({ caProfileId: 'cfca', issuerDN: 'CN=CFCA OCA1, O=China Financial Certification Authority' })], PIV_CARD);
    expect(rules.policy).toEqual({ minLength: 6, maxLength: 6, charset: 'digits' });
    expect(rules.defaults).toContain('888888');
    expect(tokenPinRules([], PIV_CARD).policy).toEqual({ minLength: 6, maxLength: 8, charset: 'any' });
  });
});
