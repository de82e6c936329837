/**
 * openTpduLink: the whole opening sequence against the card engines, through a port that records what a CCID
 * transport would send (XfrBlock payloads, SetParameters, cold resets).
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/apdu/hex';
import { openTpduLink, type TpduReaderPort } from '../../../src/tpdu/tpdu-link';
import { T0CardEngine } from '../../../src/virtual/virtual-token/tpdu/card-t0-engine';
import { T1CardEngine } from '../../../src/virtual/virtual-token/tpdu/card-t1-engine';
import type { TpduCard } from '../../../src/virtual/virtual-token/tpdu/tpdu-card';
import { hex } from './scripted-link';
import { REFERENCE_OUTGOING, ReferenceCard } from './reference-card';

const HDZB = { features: 0x00010030, protocols: 0x03, maxIfsd: 254, maxCcidMessageLength: 271, defaultClock: 4000, maxDataRate: 344086 };

function port(card: TpduCard, rewrite: (sent: Uint8Array, answer: Uint8Array | null) => Uint8Array | null = (_s, a) => a) {
  const log: string[] = [];
  const p: TpduReaderPort = {
    async xfrBlock(payload, timeoutMs, multiplier) {
      log.push(`xfr ${toHex(payload)} ${multiplier}`);
      expect(timeoutMs).toBeGreaterThan(0);
      return rewrite(payload, await card.exchange(payload));
    },
    async setParameters(protocolNum, data) {
      log.push(`set T=${protocolNum} ${toHex(data)}`);
    },
    async coldReset() {
      log.push('cold reset');
      return card.powerOn();
    },
  };
  return { port: p, log };
}

const READ = hex('00B0000010');

describe('openTpduLink (ISO/IEC 7816-3 §9, CCID §6.1.7)', () => {
  it('HDZB-style card (T=0 first, T=1 offered, TA1 13): PPS to T=1, SetParameters, S(IFS 254), then APDUs', async () => {
    const card = new T1CardEngine(new ReferenceCard(), { alsoOfferT0: true, ta1: 0x13, ifsc: 254 });
    const { port: p, log } = port(card);
    const link = await openTpduLink(p, await card.powerOn(), HDZB);
    expect(link.ppsAccepted).toBe(true);
    expect(log).toEqual(['xfr FF1113FD 1', 'set T=1 1310004D00FE00', 'xfr 00C101FE3E 1']);
    expect(await link.transmit(READ)).toEqual(await new ReferenceCard().transmit(READ));
  });

  it('a PPS the card leaves unanswered: cold reset, the first offered protocol at Fd/Dd, no second PPS', async () => {
    const card = new T0CardEngine(new ReferenceCard(), { ta1: 0x18, outgoingInstructions: REFERENCE_OUTGOING });
    const { port: p, log } = port(card, (sent, answer) => (sent[0] === 0xff ? null : answer));
    const link = await openTpduLink(p, await card.powerOn(), HDZB);
    expect(link.ppsAccepted).toBe(false);
    expect(link.plan).toMatchObject({ protocol: 0, fiDi: 0x11, pps: null });
    expect(log).toEqual(['xfr FF1018F7 1', 'cold reset', 'set T=0 1100000A00']);
    expect(await link.transmit(READ)).toEqual(await new ReferenceCard().transmit(READ));
  });

  it('an answer without PPS1 keeps Fd/Dd: SetParameters carries 11', async () => {
    const card = new T1CardEngine(new ReferenceCard(), { ta1: 0x13 });
    const { port: p, log } = port(card, (sent, answer) => (sent[0] === 0xff ? hex('FF01FE') : answer));
    const link = await openTpduLink(p, await card.powerOn(), HDZB);
    expect(link.plan.fiDi).toBe(0x11);
    expect(log[1]).toBe('set T=1 1110004D00FE00');
  });

  it('a reader with automatic PPS and IFSD (0x480): only SetParameters from us', async () => {
    const card = new T1CardEngine(new ReferenceCard(), { ta1: 0x13, ifsc: 254 });
    const { port: p, log } = port(card);
    const link = await openTpduLink(p, await card.powerOn(), { ...HDZB, features: HDZB.features | 0x480 });
    expect(log).toEqual(['set T=1 1310004D00FE00']);
    expect(link.ppsAccepted).toBeNull();
  });
});
