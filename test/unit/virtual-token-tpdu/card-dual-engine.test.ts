/**
 * The T=0-and-T=1 card (ISO/IEC 7816-3 §9.1, §9.3): T=0 after the ATR unless a PPS selects T=1; a PPS for
 * T=1 or T=0 is answered by that protocol's engine; after a reset it is T=0 again.
 */
import { describe, expect, it } from 'vitest';
import { DualProtocolCardEngine } from '../../../src/virtual/virtual-token/tpdu/card-dual-engine';
import { hex, show, TableCard } from './apdu-card-stub';

// Under T=0 the card engine adds Le 00 to a case 3 TPDU (it cannot know Ne); under T=1 the APDU comes as sent.
const card = (): TableCard => new TableCard({ '00A40400020102': '9000', '00A4040002010200': '6A82' });

describe('DualProtocolCardEngine', () => {
  it('offers T=0 then T=1 in its ATR (TD1 names T=0, TD2 T=1) with TA1 13', async () => {
    const engine = new DualProtocolCardEngine(card(), { t0: { ta1: 0x13 }, t1: { ta1: 0x13 } });
    expect(show(await engine.powerOn())).toBe('3B901380' + '31FE4D81');
    expect(engine.protocol).toBe(0);
  });

  it('without a PPS it speaks T=0: a case 3 TPDU in, SW out', async () => {
    const engine = new DualProtocolCardEngine(card());
    await engine.powerOn();
    expect(show(await engine.exchange(hex('00A40400020102')))).toBe('6A82');
    expect(engine.protocol).toBe(0);
  });

  it('a PPS naming T=1 is echoed and T=1 blocks follow; a reset brings T=0 back', async () => {
    const engine = new DualProtocolCardEngine(card(), { t1: { ta1: 0x13 } });
    await engine.powerOn();
    expect(show(await engine.exchange(hex('FF1113FD')))).toBe('FF1113FD');
    expect(engine.protocol).toBe(1);
    // I-block N(S) 0 with the same command (case 3) → I-block with 90 00.
    expect(show(await engine.exchange(hex('000007 00A40400020102 A6')))).toBe('000002900092');
    await engine.powerOn();
    expect(engine.protocol).toBe(0);
  });

  it('a PPS naming T=0 keeps T=0; a PPS with a bad PCK gets no answer and changes nothing', async () => {
    const engine = new DualProtocolCardEngine(card(), { t0: { ta1: 0x13 } });
    await engine.powerOn();
    expect(show(await engine.exchange(hex('FF1013FC')))).toBe('FF1013FC');
    expect(engine.protocol).toBe(0);
    await engine.powerOn();
    expect(await engine.exchange(hex('FF1113FE'))).toBeNull();
    expect(engine.protocol).toBe(0);
  });
});
