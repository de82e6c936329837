import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPinPolicy,
  defaultPinsFor,
  extractIdentifiers,
  findCaProfile,
  isValidOrgCode,
  isValidUsci,
  orgCodeCheckChar,
  orgCodeFromUsci,
  usciCheckChar,
} from '../../../src/shared/ca-profiles';

describe('identifiers', () => {
  it('validates GB 11714 organisation codes, including the X check character', () => {
    expect(orgCodeCheckChar('D2143569')).toBe('X'); // the standard's example D2143569-X
    expect(isValidOrgCode('D2143569-X')).toBe(true);
    expect(isValidOrgCode('D21435691')).toBe(false);
    expect(orgCodeCheckChar('d2143569')).toBeNull();
  });

  it('validates GB 32100 codes and finds the embedded organisation code', () => {
    const first17 = `91110000${'D2143569X'}`;
    const usci = `${first17}${usciCheckChar(first17)}`;
    expect(isValidUsci(usci)).toBe(true);
    expect(orgCodeFromUsci(usci)).toBe('D2143569X');
    expect(isValidUsci('91110000D2143569XI')).toBe(false); // I is outside the code set
  });

  it('catches every single-character change of a valid USCI', () => {
    const first17 = '9151010071234567X';
    const usci = `${first17}${usciCheckChar(first17)}`;
    fc.assert(
      fc.property(fc.nat(17), fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'), (i, c) => {
        fc.pre(usci[i] !== c);
        expect(isValidUsci(usci.slice(0, i) + c + usci.slice(i + 1))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('CA profile table', () => {
  it('finds rows by issuer, most specific first', () => {
    expect(findCaProfile('CN=CFCA ACS OCA31, O=China Financial Certification Authority, C=CN')?.id).toBe('cfca');
    expect(findCaProfile({ CN: 'BJCA Sub CA', O: 'Beijing Certificate Authority' })?.id).toBe('bjca');
    expect(findCaProfile('CN=12309 检察 CA, O=BJCA, C=CN')?.id).toBe('12309');
    expect(findCaProfile('CN=SCCA SM2 CA, O=四川省数字证书认证管理中心有限公司, C=CN')?.id).toBe('scca');
    expect(findCaProfile('CN=Some Other CA, O=Elsewhere')).toBeNull();
  });

  it('gives the documented default PINs', () => {
    const bjca = findCaProfile('CN=BJCA');
    expect(defaultPinsFor(bjca, { identifiers: { usci: '9111010100001234MA' } })).toEqual(['1234MA']);
    expect(defaultPinsFor(bjca, { identifiers: {} })).toEqual([]);
    expect(defaultPinsFor(findCaProfile('O=CFCA'), { identifiers: {} })).toEqual(['888888']);
    expect(defaultPinsFor(findCaProfile('O=SCCA'), { identifiers: {} })).toEqual(['12345678']);
    expect(defaultPinsFor(findCaProfile('CN=12309'), { identifiers: {} })).toEqual(['111111']);
    expect(defaultPinsFor(null, { identifiers: {} })).toEqual([]);
  });

  it('checks PINs against the row’s policy', () => {
    const p12309 = findCaProfile('CN=12309')!.pinPolicy;
    expect(checkPinPolicy(p12309, 'abc123')).toEqual([]);
    expect(checkPinPolicy(p12309, '111111')).toEqual(['letters-and-digits-required']);
    expect(checkPinPolicy(p12309, 'abc12345x')).toEqual(['too-long']);
    const cfca = findCaProfile('O=CFCA')!.pinPolicy;
    expect(checkPinPolicy(cfca, '12345a')).toEqual(['digits-only-required']);
    expect(checkPinPolicy(cfca, '12345')).toEqual(['too-short']);
    expect(findCaProfile('CN=BJCA')!.pinPolicy.maxTries).toBe(10);
  });

  it('extracts identifiers by the row’s rules and rejects bad check characters', () => {
    const first17 = '91510100MA6CX123'.padEnd(17, '0');
    const usci = `${first17}${usciCheckChar(first17)}`;
    expect(extractIdentifiers(findCaProfile('O=CFCA'), { CN: `041@N${usci}@示例公司@00000001` }).usci).toBe(usci);
    expect(extractIdentifiers(null, { OU: usci }).usci).toBe(usci);
    const wrong = `${first17}${usciCheckChar(first17) === 'A' ? 'B' : 'A'}`;
    expect(extractIdentifiers(null, { OU: wrong })).toEqual({});
    expect(extractIdentifiers(findCaProfile('CN=12309'), { OU: '371724' }).orgCode).toBe('371724');
  });
});
