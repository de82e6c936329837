/**
 * Differential property (issue 11 §4): random APDUs × random IFSC/IFSD/EDC through host T=1 ↔ card T=1, and
 * random short APDUs through host T=0 ↔ card T=0, give the same response bytes as asking the APDU-level card
 * directly. T=0 APDUs follow the card's INS directions (ISO/IEC 7816-3 §12.1: the INS decides whether P3 is
 * Lc or Le), as every real T=0 exchange does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T0Driver } from '../../../src/tpdu/t0-driver';
import { T1Driver } from '../../../src/tpdu/t1-driver';
import { T0CardEngine } from '../../../src/virtual/virtual-token/tpdu/card-t0-engine';
import { T1CardEngine } from '../../../src/virtual/virtual-token/tpdu/card-t1-engine';
import { anyApdu, t0Apdu } from './apdu-arbitraries';
import { wire } from './engine-link';
import { REFERENCE_OUTGOING, ReferenceCard } from './reference-card';

describe('differential: TPDU engines ≡ the APDU-level card', () => {
  it('T=1: random APDUs × random IFSC, IFSD and EDC', async () => {
    let chainedBoth = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ ifsc: fc.integer({ min: 1, max: 254 }), ifsd: fc.integer({ min: 1, max: 254 }), crc: fc.boolean() }),
        fc.array(anyApdu, { minLength: 1, maxLength: 3 }),
        async ({ ifsc, ifsd, crc }, apdus) => {
          const engine = new T1CardEngine(new ReferenceCard(), { ifsc, crc });
          await engine.powerOn();
          const link = wire(engine, new Map(), crc);
          const driver = new T1Driver({ ifsc, ifsd, edc: crc ? 'crc' : 'lrc', maxInfPerBlock: 254, blockTimeoutMs: 100 }, link.exchange);
          await driver.negotiateIfsd();
          for (const apdu of apdus) {
            const before = link.log.length;
            const response = await driver.transmit(apdu);
            expect(response).toEqual(await new ReferenceCard().transmit(apdu));
            if (apdu.length > ifsc && response.length > ifsd) chainedBoth++;
            expect(link.log.length - before).toBe(Math.ceil(apdu.length / ifsc) + Math.max(1, Math.ceil(response.length / ifsd)) - 1);
          }
        },
      ),
      { numRuns: 1_500 },
    );
    expect(chainedBoth).toBeGreaterThan(50);
  });

  it('T=0: random short APDUs', async () => {
    const seen = { wrongLe: 0, getResponse: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(t0Apdu, { minLength: 1, maxLength: 4 }), async (apdus) => {
        const engine = new T0CardEngine(new ReferenceCard(), { outgoingInstructions: REFERENCE_OUTGOING });
        await engine.powerOn();
        const driver = new T0Driver(async (tpdu) => {
          const reply = await engine.exchange(tpdu);
          if (reply?.length === 2 && reply[0] === 0x6c) seen.wrongLe++;
          if (tpdu[1] === 0xc0) seen.getResponse++;
          return reply;
        }, { timeoutMs: 100 });
        for (const apdu of apdus) expect(await driver.transmit(apdu)).toEqual(await new ReferenceCard().transmit(apdu));
      }),
      { numRuns: 2_000 },
    );
    // The procedure paths were exercised: 6Cxx re-sends and 61xx GET RESPONSE.
    expect(seen.wrongLe).toBeGreaterThan(100);
    expect(seen.getResponse).toBeGreaterThan(100);
  });
});
