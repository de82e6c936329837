import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignRequestError } from '../../../src/shared/signin/errors';
import { helloMessage, MESSAGE_TYPES, SIGN_IN_ERROR_CODES } from '../../../src/shared/signin/protocol';
import { isAcceptableRequesterOrigin, judgeSignRequest, parseSignRequest, type IncomingRequestEvent } from '../../../src/shared/signin/request';
import { matchesCertFilter } from '../../../src/shared/signin/cert-filter';

const CHALLENGE = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const request = { t: 'ukey:get', v: 1, challenge: CHALLENGE };
const event = (over: Partial<IncomingRequestEvent> = {}): IncomingRequestEvent => ({
  data: request,
  origin: 'https://portal.example.cn',
  fromOpener: true,
  senderIsTopLevel: true,
  alreadyHandled: false,
  ...over,
});

describe('sign popup request gate (issue 9 §2, research §5.3 items 19–22)', () => {
  it('accepts one well-formed request from the top-level opener on https', () => {
    const verdict = judgeSignRequest(event({ data: { ...request, rpData: 'x', certFilter: { issuer: 'CFCA', policyOid: '1.2.156.1' } } }));
    expect(verdict).toEqual({
      accept: true,
      origin: 'https://portal.example.cn',
      request: { t: 'ukey:get', v: 1, challenge: CHALLENGE, rpData: 'x', certFilter: { issuer: 'CFCA', policyOid: '1.2.156.1' } },
    });
  });

  it('stays silent for a window other than the opener, origin "null" and a second request', () => {
    for (const e of [event({ fromOpener: false }), event({ origin: 'null' }), event({ alreadyHandled: true })]) {
      expect(judgeSignRequest(e)).toMatchObject({ accept: false, reply: null });
    }
  });

  it('refuses a framed requester and insecure origins with ORIGIN_REFUSED', () => {
    for (const e of [event({ senderIsTopLevel: false }), event({ origin: 'http://portal.example.cn' }), event({ origin: 'ftp://a.cn' })]) {
      expect(judgeSignRequest(e)).toMatchObject({ accept: false, reply: 'ORIGIN_REFUSED' });
    }
  });

  it('answers BAD_REQUEST to a malformed request from the genuine opener', () => {
    expect(judgeSignRequest(event({ data: { ...request, challenge: 'short' } }))).toMatchObject({ accept: false, reply: 'BAD_REQUEST' });
  });

  it('knows which origins are acceptable', () => {
    for (const ok of ['https://portal.example.cn', 'https://a.cn:8443', 'http://localhost:5173', 'http://127.0.0.1:4180', 'http://[::1]:8080']) {
      expect(isAcceptableRequesterOrigin(ok)).toBe(true);
    }
    for (const bad of ['null', 'http://a.cn', 'https://a.cn/', 'HTTPS://a.cn', 'https://user@a.cn', 'file://', 'http://localhost.evil.cn', 'x']) {
      expect(isAcceptableRequesterOrigin(bad)).toBe(false);
    }
  });

  it('validates every field of a request', () => {
    const bad: unknown[] = [
      null, 'x', [], { ...request, t: 'ukey:hello' }, { ...request, v: 2 }, { ...request, extra: 1 },
      { ...request, challenge: 'A'.repeat(21) }, { ...request, challenge: 'A'.repeat(87) }, { ...request, rpData: 1 },
      { ...request, rpData: 'x'.repeat(257) }, { ...request, certFilter: 'CFCA' }, { ...request, certFilter: { issuer: '' } },
      { ...request, certFilter: { policyOid: 'abc' } }, { ...request, certFilter: { other: 'x' } }, Object.create({ t: 'ukey:get' }),
    ];
    for (const data of bad) expect(() => parseSignRequest(data)).toThrow(SignRequestError);
  });

  it('parseSignRequest throws only SignRequestError on any input (10,000 runs)', () => {
    const near = fc.record(
      { t: fc.constantFrom('ukey:get', 'ukey:hello', 1), v: fc.constantFrom(1, 2, '1'), challenge: fc.oneof(fc.string(), fc.constant(CHALLENGE)),
        rpData: fc.anything(), certFilter: fc.anything() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), near), (data) => {
        try {
          const parsed = parseSignRequest(data);
          expect(parsed.t).toBe(MESSAGE_TYPES.request);
        } catch (error) {
          expect(error).toBeInstanceOf(SignRequestError);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('messages and codes are plain data', () => {
    expect(helloMessage()).toEqual({ t: 'ukey:hello', v: 1 });
    expect(SIGN_IN_ERROR_CODES).toEqual(['USER_CANCELLED', 'NO_TOKEN', 'PIN_BLOCKED', 'UNSUPPORTED_TOKEN', 'ORIGIN_REFUSED', 'TIMEOUT', 'BAD_REQUEST']);
  });

  it('applies a certFilter to issuer text/values and policies', () => {
    const cert = { issuerText: 'CN=CFCA ACS OCA31, O=China Financial Certification Authority, C=CN', issuerValues: ['CFCA ACS OCA31'], policyOids: ['1.2.156.112554.1'] };
    expect(matchesCertFilter(undefined, cert)).toBe(true);
    expect(matchesCertFilter({ issuer: 'cfca' }, cert)).toBe(true);
    expect(matchesCertFilter({ issuer: 'BJCA' }, cert)).toBe(false);
    expect(matchesCertFilter({ policyOid: '1.2.156.112554.1' }, cert)).toBe(true);
    expect(matchesCertFilter({ issuer: 'CFCA', policyOid: '1.2.3' }, cert)).toBe(false);
  });
});
