import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAtr } from '../../../src/tpdu/atr';
import { readAtrProtocolParameters } from '../../../src/tpdu/atr-parameters';
import { buildTpduAtr } from '../../../src/virtual/virtual-token/tpdu/tpdu-card';
import { show } from './apdu-card-stub';

describe('TPDU card ATR (ISO/IEC 7816-3 §8.2)', () => {
  it('HDZB-style T=0 + T=1: TD1 names T=0, TD2 T=1, T=1 bytes in group 3, TCK', () => {
    const atr = buildTpduAtr({ protocols: [0, 1], ta1: 0x13, ifsc: 0xfe, bwi: 4, cwi: 5, historicalBytes: Uint8Array.of(0x80) });
    expect(show(atr)).toBe('3B91138031FE458008');
    expect(parseAtr(atr).protocols).toEqual([0, 1]);
    expect(readAtrProtocolParameters(parseAtr(atr))).toMatchObject({ offeredProtocols: [0, 1], requestedFiDi: 0x13, t1: { ifsc: 254, bwi: 4, cwi: 5, edc: 'lrc' } });
  });

  it('the driver reads back every parameter the card side writes', () => {
    fc.assert(
      fc.property(
        fc.record({
          protocols: fc.constantFrom<(0 | 1)[]>([0], [1], [0, 1]),
          ta1: fc.option(fc.constantFrom(0x11, 0x13, 0x18, 0x95, 0x96), { nil: undefined }),
          waitingInteger: fc.option(fc.integer({ min: 1, max: 255 }), { nil: undefined }),
          ifsc: fc.integer({ min: 1, max: 254 }),
          bwi: fc.integer({ min: 0, max: 9 }),
          cwi: fc.integer({ min: 0, max: 15 }),
          crc: fc.boolean(),
          historicalBytes: fc.uint8Array({ maxLength: 15 }),
        }),
        (options) => {
          const parsed = parseAtr(buildTpduAtr(options));
          const p = readAtrProtocolParameters(parsed);
          expect(p.offeredProtocols).toEqual(options.protocols);
          expect(p.requestedFiDi).toBe(options.ta1 ?? 0x11);
          expect(p.t0WaitingInteger).toBe(options.waitingInteger ?? 10);
          expect(show(parsed.historicalBytes)).toBe(show(options.historicalBytes));
          if (options.protocols.includes(1)) {
            expect(p.t1).toEqual({ ifsc: options.ifsc, bwi: options.bwi, cwi: options.cwi, edc: options.crc ? 'crc' : 'lrc' });
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
