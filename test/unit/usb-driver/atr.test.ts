import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAtr } from '../../../src/tpdu/atr';
import { AtrError } from '../../../src/usb-driver/errors';
import { hex, toHex } from './fixtures/fixture-card';

describe('ATR parsing (ISO 7816-3 §8)', () => {
  it('YubiKey 5: T=1, 13 historical bytes, TCK 40', () => {
    const atr = parseAtr(hex('3BFD1300008131FE158073C021C057597562694B657940'));
    expect(atr.convention).toBe('direct');
    expect(atr.protocols).toEqual([1]);
    expect(atr.interfaceBytes).toEqual([
      { ta: 0x13, tb: 0x00, tc: 0x00, td: 0x81 },
      { ta: null, tb: null, tc: null, td: 0x31 },
      { ta: 0xfe, tb: 0x15, tc: null, td: null },
    ]);
    expect(toHex(atr.historicalBytes)).toBe('8073C021C057597562694B6579');
    expect(Buffer.from(atr.historicalBytes.subarray(6)).toString('latin1')).toBe('YubiKey');
    expect(atr.tck).toBe(0x40);
  });

  it('Feitian ePass2003 (FTCOS): T=1, 15 historical bytes, TCK 80', () => {
    const atr = parseAtr(hex('3B9F958131FE9F006646530501001171DF000003900080'));
    expect(atr.protocols).toEqual([1]);
    expect(atr.interfaceBytes[0]).toEqual({ ta: 0x95, tb: null, tc: null, td: 0x81 });
    expect(toHex(atr.historicalBytes)).toBe('006646530501001171DF0000039000');
    expect(atr.tck).toBe(0x80);
  });

  it('a T=0-only card has no TCK', () => {
    const atr = parseAtr(hex('3B021450'));
    expect(atr.protocols).toEqual([0]);
    expect(toHex(atr.historicalBytes)).toBe('1450');
    expect(atr.tck).toBeNull();
  });

  it('inverse convention, T=0 and T=1 offered', () => {
    const atr = parseAtr(hex('3F 80 80 01 01'));
    expect(atr.convention).toBe('inverse');
    expect(atr.protocols).toEqual([0, 1]);
  });

  const bad: [string, string][] = [
    ['3B', 'too-short'],
    ['3A00', 'bad-ts'],
    ['3B F0 11', 'truncated'],
    ['3B 05 01 02', 'truncated'],
    ['3BFD1300008131FE158073C021C057597562694B657941', 'bad-tck'],
    ['3BFD1300008131FE158073C021C057597562694B6579', 'missing-tck'],
    ['3B021450FF', 'trailing-bytes'],
    [`3B0F${'00'.repeat(40)}`, 'too-long'],
  ];
  for (const [text, reason] of bad) {
    it(`rejects ${reason}: ${text}`, () => {
      let caught: unknown = null;
      try {
        parseAtr(hex(text));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AtrError);
      expect((caught as AtrError).reason).toBe(reason);
    });
  }

  it('answers any byte string with a parse or an AtrError only (fast-check)', () => {
    const withTs = fc.uint8Array({ minLength: 1, maxLength: 36 }).map((b) => {
      const out = b.slice();
      out[0] = b[0]! & 1 ? 0x3b : 0x3f;
      return out;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), withTs), (bytes) => {
        try {
          const atr = parseAtr(bytes);
          expect(atr.protocols.length).toBeGreaterThan(0);
        } catch (error) {
          if (!(error instanceof AtrError)) throw error;
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
