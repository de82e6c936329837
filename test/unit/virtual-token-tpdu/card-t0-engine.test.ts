/**
 * The card side of T=0 as a TPDU-level reader presents it (header [+ data] in, data + SW out), against the
 * EMV Book 1 Annex A exchanges seen from the card (openemv/emv-utils tests/emv_ttl_tpdu_test.c).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T0CardEngine } from '../../../src/virtual/virtual-token/tpdu/card-t0-engine';
import { hex, show, TableCard } from './apdu-card-stub';

const RECORD = '701A61184F07A0000000031010500A56495341204445424954870101';
const FCI = '6F24840E315041592E5359532E4444463031A5128801015F2D08656E6573667264659F110101';
const PSE = '315041592E5359532E4444463031';

async function engineWith(answers: Record<string, string>, otherwise = '6D00') {
  const apduCard = new TableCard(answers, otherwise);
  const engine = new T0CardEngine(apduCard);
  await engine.powerOn();
  const say = async (tpdu: string): Promise<string> => show(await engine.exchange(hex(tpdu)));
  return { engine, apduCard, say };
}

describe('T=0 card engine', () => {
  it('case 2, wrong Le: 6C1C, and the re-send with P3 = 1C gets the kept answer (the command runs once)', async () => {
    const { say, apduCard } = await engineWith({ '00B2010C00': RECORD + '9000' });
    expect(await say('00B2010C00')).toBe('6C1C');
    expect(await say('00B2010C1C')).toBe(RECORD + '9000');
    expect(apduCard.received).toEqual(['00B2010C00']);
  });

  it('case 2 with the right Le, and an error with no data', async () => {
    const { say } = await engineWith({ '00B2010C1C': RECORD + '9000', '00B2020C00': '6A83' });
    expect(await say('00B2010C1C')).toBe(RECORD + '9000');
    expect(await say('00B2020C00')).toBe('6A83');
  });

  it('case 4: the answer waits behind 6126; GET RESPONSE serves it, in parts if asked, 6Cxx if asked too much', async () => {
    const { say, apduCard } = await engineWith({ ['00A404000E' + PSE + '00']: FCI + '9000' });
    expect(await say('00A404000E' + PSE)).toBe('6126');
    expect(await say('00C0000030')).toBe('6C26');
    expect(await say('00C0000010')).toBe(FCI.slice(0, 32) + '6116');
    expect(await say('00C0000016')).toBe(FCI.slice(32) + '9000');
    expect(apduCard.received).toEqual(['00A404000E' + PSE + '00']);
  });

  it('case 1 and case 3 on an incoming INS; a status word alone passes through', async () => {
    const { say, apduCard } = await engineWith({ '00820000': '9000', '0082000004DEADBEEF00': '6300' });
    expect(await say('0082000000')).toBe('9000');
    expect(await say('0082000004DEADBEEF')).toBe('6300');
    expect(apduCard.received).toEqual(['00820000', '0082000004DEADBEEF00']);
  });

  it('GET RESPONSE with nothing waiting goes to the card (its own 61xx chaining)', async () => {
    const { say } = await engineWith({ '00C0000010': '00112233445566778899AABBCCDDEEFF9000' });
    expect(await say('00C0000010')).toBe('00112233445566778899AABBCCDDEEFF9000');
  });

  it('refuses what a T=0 card cannot take: short TPDU, INS 6X/9X, data on an outgoing INS, Lc ≠ data', async () => {
    const { say } = await engineWith({});
    expect(await say('00A404')).toBe('6700');
    expect(await say('0060000000')).toBe('6D00');
    expect(await say('00B2010C0101')).toBe('6700');
    expect(await say('00A4040005010203')).toBe('6700');
  });

  it('PPS for T=0 right after the ATR; the ATR offers T=0 only and has no TCK', async () => {
    const engine = new T0CardEngine(new TableCard({}), { ta1: 0x18 });
    expect(show(await engine.powerOn())).toBe('3B1018');
    expect(show(await engine.exchange(hex('FF1018F7')))).toBe('FF1018F7');
  });

  it('any TPDU gets at least SW1 SW2 back, never an exception', async () => {
    const { engine } = await engineWith({}, '9000');
    await engine.exchange(hex('00B0000000'));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 270 }), async (bytes) => {
        const reply = await engine.exchange(bytes);
        expect(reply).not.toBeNull();
        expect((reply as Uint8Array).length).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 10_000 },
    );
  });
});
