/**
 * The card side of the ISO/IEC 7816-3 Annex A exchanges: the reader's blocks go in, the card's blocks must
 * come out byte for byte (bytes as in ANSSI-FR/Open-ISO7816-Stack tests/reader_tests_apdu_t1.c).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T1CardEngine } from '../../../src/virtual/virtual-token/tpdu/card-t1-engine';
import { decodeT1Block, encodeT1Block, iBlock, R_ERROR, rBlock, S_BLOCK, sBlock } from '../../../src/tpdu/t1-block';
import { hex, show, TableCard } from './apdu-card-stub';

const CASE4 = '00A40400057536417070 05';
const I_CASE4 = '00000B00A40400057536417070 05A9';
const RESPONSE = '0000077574777475 9000E0';

async function card(options: ConstructorParameters<typeof T1CardEngine>[1] = {}, answers: Record<string, string> = {}) {
  const apduCard = new TableCard({ [show(hex(CASE4))]: '75747774759000', ...answers }, '9000');
  const engine = new T1CardEngine(apduCard, { ifsc: 254, ...options });
  await engine.powerOn();
  const say = async (block: string): Promise<string> => show(await engine.exchange(hex(block)));
  return { engine, apduCard, say };
}

describe('T=1 card engine: Annex A from the card side', () => {
  it('A.2.1: one I-block in, the response I-block out; N(S) alternates', async () => {
    const { say } = await card();
    expect(await say(I_CASE4)).toBe(show(hex(RESPONSE)));
    expect(await say('00400B00A40400057536417070 05E9')).toBe(show(hex('0040077574777475 9000A0')));
  });

  it('A.2.2: asks for S(WTX 02) first when told to, answers after the S(WTX response)', async () => {
    const { say } = await card({ waitingTimeExtension: () => 2 });
    expect(await say(I_CASE4)).toBe('00C30102C0');
    expect(await say('00E30102E0')).toBe(show(hex(RESPONSE)));
  });

  it('A.2.3 scenario 4 and A.2.4 scenario 6: after S(IFS 05) it chains the response in 5-byte blocks', async () => {
    const { say } = await card();
    expect(await say('00C10105C5')).toBe('00E10105E5');
    expect(await say(I_CASE4)).toBe(show(hex('0020057574777475 52')));
    expect(await say('00900090')).toBe('0040029000D2');
  });

  it('A.2.4 scenario 5: acknowledges a chained command with R(1), R(0), then answers the whole command', async () => {
    const data = '7536417070FFFF0000000000FFFF0000FF00FF00FF00';
    const { say, apduCard } = await card({}, { [show(hex('00A4040016' + data + '05'))]: '75747774759000' });
    expect(await say('00200A00A40400167536417070 9E')).toBe('00900090');
    expect(await say('00600AFFFF0000000000FFFF00 6A')).toBe('00800080');
    expect(await say('00000800FF00FF00FF0005 F2')).toBe(show(hex(RESPONSE)));
    expect(apduCard.received).toEqual([show(hex('00A4040016' + data + '05'))]);
  });

  it('A.3: a broken I-block → R(0) EDC error; R(0) after its answer → the answer again (the command ran once)', async () => {
    const { say, apduCard } = await card();
    expect(await say('00000B00A40400057536417070 05A8')).toBe('00810081');
    expect(await say(I_CASE4)).toBe(show(hex(RESPONSE)));
    expect(await say('00810081')).toBe(show(hex(RESPONSE)));
    expect(apduCard.received).toHaveLength(1);
  });

  it('a lost I-block: the reader\'s R-block gets R(expected N(S)) back', async () => {
    const { say } = await card();
    expect(await say('00820082')).toBe('00820082');
    expect(await say(I_CASE4)).toBe(show(hex(RESPONSE)));
    // The reader's next I(1) was lost: its R(1) asks for a response the card never made.
    expect(await say('00920092')).toBe('00920092');
  });

  it('a wrong N(S) is refused with R(expected, other error)', async () => {
    const { say } = await card();
    expect(await say('00400B00A40400057536417070 05E9')).toBe('00820082');
  });

  it('an I-block longer than IFSC is refused', async () => {
    const { say } = await card({ ifsc: 8 });
    expect(await say(I_CASE4)).toBe('00820082');
  });

  it('S(RESYNCH) resets the sequence numbers', async () => {
    const { say } = await card();
    await say(I_CASE4);
    expect(await say('00C000C0')).toBe('00E000E0');
    expect(await say(I_CASE4)).toBe(show(hex(RESPONSE)));
  });

  it('a command chain over its bound → S(ABORT request); after S(ABORT response) an R-block gives the turn back', async () => {
    const { say, apduCard } = await card({ maxCommandLength: 15 });
    expect(await say('00200A00A40400167536417070 9E')).toBe('00900090');
    expect(await say('00600AFFFF0000000000FFFF00 6A')).toBe('00C200C2');
    expect(await say('00E200E2')).toBe('00800080');
    expect(apduCard.received).toEqual([]);
  });

  it('S(ABORT request) from the reader during the response chain → S(ABORT response)', async () => {
    const { say } = await card();
    await say('00C10105C5');
    expect(await say(I_CASE4)).toBe(show(encodeT1Block(iBlock(0, true, hex('7574777475')), 'lrc')));
    expect(await say('00C200C2')).toBe('00E200E2');
    // The host encoder builds the expected block (the two codecs are independent).
    expect(await say('00400B00A40400057536417070 05E9')).toBe(show(encodeT1Block(iBlock(1, true, hex('7574777475')), 'lrc')));
  });

  it('PPS right after the ATR: echoes its own TA1', async () => {
    const engine = new T1CardEngine(new TableCard({}), { ta1: 0x13 });
    await engine.powerOn();
    expect(show(await engine.exchange(hex('FF1113FD')))).toBe('FF1113FD');
    // Once blocks flowed, FF is just a bad NAD.
    expect(show(await engine.exchange(hex('FF1113FD')))).not.toBe('FF1113FD');
  });

  it('CRC mode: blocks carry two EDC bytes', async () => {
    const { engine } = await card({ crc: true });
    const reply = await engine.exchange(encodeT1Block(iBlock(0, false, hex(CASE4)), 'crc'));
    expect(decodeT1Block(reply as Uint8Array, 'crc').block).toEqual(iBlock(0, false, hex('75747774759000')));
    expect(show(await engine.exchange(encodeT1Block(iBlock(1, false, hex(CASE4)), 'lrc')))).toMatch(/^009200/);
  });

  it('any byte string after the ATR gets a valid T=1 block back, never an exception', async () => {
    const apduCard = new TableCard({}, '9000');
    const engine = new T1CardEngine(apduCard, { ifsc: 32 });
    await engine.powerOn();
    await engine.exchange(hex('00C000C0'));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 40 }), async (bytes) => {
        const reply = await engine.exchange(bytes);
        expect(reply).not.toBeNull();
        expect(() => decodeT1Block(reply as Uint8Array, 'lrc')).not.toThrow();
      }),
      { numRuns: 10_000 },
    );
  });

  it('any sequence of well-formed reader blocks gets a well-formed block back each time (WTX and aborts included)', async () => {
    const block = fc.oneof(
      fc.record({ ns: fc.constantFrom<0 | 1>(0, 1), more: fc.boolean(), inf: fc.uint8Array({ maxLength: 40 }) }).map((b) => encodeT1Block(iBlock(b.ns, b.more, b.inf), 'lrc')),
      fc.record({ nr: fc.constantFrom<0 | 1>(0, 1), e: fc.constantFrom(R_ERROR.None, R_ERROR.Edc, R_ERROR.Other) }).map((b) => encodeT1Block(rBlock(b.nr, b.e), 'lrc')),
      fc.record({ type: fc.constantFrom(S_BLOCK.Ifs, S_BLOCK.Wtx), response: fc.boolean(), v: fc.integer({ min: 1, max: 254 }) }).map((b) =>
        encodeT1Block(sBlock(b.type, b.response, Uint8Array.of(b.v)), 'lrc'),
      ),
      fc.record({ type: fc.constantFrom(S_BLOCK.Resynch, S_BLOCK.Abort), response: fc.boolean() }).map((b) => encodeT1Block(sBlock(b.type, b.response), 'lrc')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(block, { minLength: 1, maxLength: 12 }), fc.boolean(), async (blocks, wtx) => {
        const engine = new T1CardEngine(new TableCard({}, '9000'), { ifsc: 32, maxCommandLength: 100, waitingTimeExtension: wtx ? () => 2 : undefined });
        await engine.powerOn();
        for (const b of blocks) {
          const reply = await engine.exchange(b);
          expect(reply).not.toBeNull();
          expect(() => decodeT1Block(reply as Uint8Array, 'lrc')).not.toThrow();
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
