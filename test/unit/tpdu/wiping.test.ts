/**
 * Issue 7 §3 at TPDU level: the T=0 TPDU and the T=1 I-blocks that carry a command (a PIN in a VERIFY) are
 * wiped once the exchange is over — including I-blocks sent twice after an error — while the card got them intact.
 */
import { describe, expect, it } from 'vitest';
import { T0Driver } from '../../../src/tpdu/t0-driver';
import { T1Driver } from '../../../src/tpdu/t1-driver';
import { T0CardEngine } from '../../../src/virtual/virtual-token/tpdu/card-t0-engine';
import { T1CardEngine } from '../../../src/virtual/virtual-token/tpdu/card-t1-engine';
import { wire } from './engine-link';
import { ReferenceCard } from './reference-card';

const VERIFY = Uint8Array.of(0x00, 0x20, 0x00, 0x80, 0x08, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0xff, 0xff);

describe('command bytes do not outlive the exchange', () => {
  it('T=1: every I-block of a chained VERIFY, resent ones included, is zero afterwards', async () => {
    const card = new ReferenceCard();
    const seen: Uint8Array[] = [];
    const received = card.transmit.bind(card);
    card.transmit = (apdu) => {
      seen.push(apdu.slice());
      return received(apdu);
    };
    const engine = new T1CardEngine(card, { ifsc: 4 });
    await engine.powerOn();
    // Round trip 1 (the second I-block) is lost on its way to the card: it is sent again.
    const link = wire(engine, new Map([[1, 'lost-to-card']]));
    const sent: Uint8Array[] = [];
    const driver = new T1Driver({ ifsc: 4, ifsd: 254, edc: 'lrc', maxInfPerBlock: 254, blockTimeoutMs: 100 }, (block, timeoutMs, multiplier) => {
      sent.push(block);
      return link.exchange(block, timeoutMs, multiplier);
    });
    await driver.transmit(VERIFY);
    expect(seen).toEqual([VERIFY]);
    const iBlocks = sent.filter((block) => ((block[1] as number) & 0x80) === 0);
    expect(iBlocks.length).toBeGreaterThan(Math.ceil(VERIFY.length / 4));
    for (const block of iBlocks) expect(block.every((b) => b === 0)).toBe(true);
  });

  it('T=0: the case 3 TPDU is zero afterwards; the caller’s APDU is untouched', async () => {
    const engine = new T0CardEngine(new ReferenceCard());
    await engine.powerOn();
    const sent: Uint8Array[] = [];
    const driver = new T0Driver(async (tpdu) => {
      sent.push(tpdu);
      return engine.exchange(tpdu);
    }, { timeoutMs: 100 });
    const apdu = VERIFY.slice();
    await driver.transmit(apdu);
    expect(apdu).toEqual(VERIFY);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.every((b) => b === 0)).toBe(true);
  });
});
