import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute, type Route } from '../../../src/ui/router';

describe('hash router', () => {
  it.each<[string, Route]>([
    ['', { name: 'dashboard' }],
    ['#/', { name: 'dashboard' }],
    ['#/pair', { name: 'pair' }],
    ['#/env/', { name: 'env' }],
    ['#/guides', { name: 'guides', guideId: null }],
    ['#/guides/clock-wrong', { name: 'guides', guideId: 'clock-wrong' }],
    ['#/token/1209%3A0001%3Ademo', { name: 'token', tokenId: '1209:0001:demo' }],
    ['#/token/abc/pin', { name: 'pin', tokenId: 'abc' }],
    ['#/token/abc/other', { name: 'not-found', hash: '#/token/abc/other' }],
    ['#/token/%E0%A4%A', { name: 'not-found', hash: '#/token/%E0%A4%A' }],
    ['#main', { name: 'not-found', hash: '#main' }],
  ])('parses %s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips any token id through its href (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'binary' }), fc.boolean(), (tokenId, pin) => {
        const route: Route = pin ? { name: 'pin', tokenId } : { name: 'token', tokenId };
        expect(parseRoute(hrefFor(route))).toEqual(route);
      }),
      { numRuns: 10_000 },
    );
  });

  it('the online-unlock and renewal screens of a key round-trip through their addresses', () => {
    for (const route of [
      { name: 'unlock', tokenId: '096e:0807:S1' },
      { name: 'renew', tokenId: 'demo', keyRef: 0x9a },
    ] as const) {
      expect(parseRoute(hrefFor(route))).toEqual(route);
    }
    expect(hrefFor({ name: 'unlock', tokenId: 'a:b' })).toBe('#/token/a%3Ab/unlock');
  });

  it('answers any hash with a route, never an exception (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (hash) => {
        expect(typeof parseRoute(hash).name).toBe('string');
      }),
      { numRuns: 10_000 },
    );
  });
});
