/**
 * Property tests (10,000 runs each) for what the renewal work parses or encodes: the issuer/subject Name reader
 * the CA match uses (renewal-ca-config.ts) never throws on any bytes and finds the Names of real certificates;
 * the Key History encoder round-trips through the profile's parser with every count and URL (SP 800-73-4 Part 1
 * §3.3.3), and the write/remove rules never count fewer retired keys than are on the card.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKeyHistory } from '../../../src/cards/piv/discovery';
import { encodeKeyHistoryObject, keyHistoryAfterRemove, keyHistoryAfterWrite } from '../../../src/cards/piv/key-history';
import { demoCaCertificateDer } from '../../../src/virtual/demo-ca';
import { encodedName } from '../../../src/worker/renewal-ca-config';

const RUNS = 10_000;
const demo = demoCaCertificateDer();

describe('encodedName', () => {
  it('any bytes: null or a Name SEQUENCE inside the input, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('issuer', 'subject') as fc.Arbitrary<'issuer' | 'subject'>, (bytes, which) => {
        const name = encodedName(bytes, which);
        if (name !== null) expect(name[0]).toBe(0x30);
      }),
      { numRuns: RUNS },
    );
  });

  it('a real certificate mutated in one byte: never a throw; unmutated it finds the issuer = subject (self-signed)', () => {
    expect(encodedName(demo, 'issuer')).toEqual(encodedName(demo, 'subject'));
    fc.assert(
      fc.property(fc.nat({ max: demo.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const copy = demo.slice();
        copy[at] = value;
        encodedName(copy, 'issuer');
        encodedName(copy, 'subject');
      }),
      { numRuns: RUNS },
    );
  });
});

const history = fc
  .record({ on: fc.integer({ min: 0, max: 20 }), off: fc.integer({ min: 0, max: 20 }), url: fc.option(fc.webUrl(), { nil: null }) })
  .filter((h) => h.on + h.off <= 20)
  .map((h) => ({ keysWithOnCardCerts: h.on, keysWithOffCardCerts: h.off, offCardCertUrl: h.url }));

describe('Key History', () => {
  it('encode → parse round-trips counts and URL', () => {
    fc.assert(
      fc.property(history, (h) => {
        expect(parseKeyHistory(encodeKeyHistoryObject(h))).toEqual(h);
      }),
      { numRuns: RUNS },
    );
  });

  it('after a write to retired slot i the object still parses, covers i, keeps the URL, and never counts fewer keys', () => {
    fc.assert(
      fc.property(fc.option(history, { nil: null }), fc.integer({ min: 0, max: 19 }), (current, index) => {
        const next = keyHistoryAfterWrite(current, index);
        const before = (current?.keysWithOnCardCerts ?? 0) + (current?.keysWithOffCardCerts ?? 0);
        if (next === null) {
          expect(index).toBeLessThan(current?.keysWithOnCardCerts ?? 0);
          return;
        }
        expect(parseKeyHistory(encodeKeyHistoryObject(next))).toEqual(next);
        expect(next.keysWithOnCardCerts).toBe(index + 1);
        expect(next.keysWithOnCardCerts + next.keysWithOffCardCerts).toBeGreaterThanOrEqual(Math.min(before, 20));
        expect(next.offCardCertUrl).toBe(current?.offCardCertUrl ?? null);
      }),
      { numRuns: RUNS },
    );
  });

  it('a remove lowers the on-card count only for the last on-card slot with no off-card keys after it', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 19 }), (current, index) => {
        const next = keyHistoryAfterRemove(current, index);
        if (next === null) return;
        expect(current.keysWithOffCardCerts).toBe(0);
        expect(index).toBe(current.keysWithOnCardCerts - 1);
        expect(next).toEqual({ ...current, keysWithOnCardCerts: index });
      }),
      { numRuns: RUNS },
    );
  });
});
