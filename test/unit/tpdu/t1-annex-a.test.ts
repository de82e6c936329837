/**
 * Byte-exact T=1 exchanges of ISO/IEC 7816-3 Annex A (A.2 normal operation, A.3 error handling). The standard
 * writes them as block sequences; the bytes (NAD 00, LRC) are as reproduced in ANSSI-FR/Open-ISO7816-Stack
 * tests/reader_tests_apdu_t1.c. Driver side only: the card's blocks are scripted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeT1Block, iBlock, R_ERROR, rBlock, S_BLOCK, sBlock } from '../../../src/tpdu/t1-block';
import { MalformedApduError } from '../../../src/apdu/format-errors';
import { T1Driver, type T1DriverSettings } from '../../../src/tpdu/t1-driver';
import { TpduLinkError } from '../../../src/tpdu/tpdu-errors';
import { hex, scriptedLink, show } from './scripted-link';

const SETTINGS: T1DriverSettings = { ifsc: 32, ifsd: 32, edc: 'lrc', maxInfPerBlock: 254, blockTimeoutMs: 1000 };
const SELECT_10 = '00A404000A45757477747536417070';
const CASE4 = '00A40400057536417070 05';
const I_CASE4 = '00000B00A40400057536417070 05A9';
const RESPONSE = '0000077574777475 9000E0';

async function run(steps: [string, string | null][], apdu: string, settings: Partial<T1DriverSettings> = {}) {
  const link = scriptedLink(steps);
  const driver = new T1Driver({ ...SETTINGS, ...settings }, link.exchange);
  const response = await driver.transmit(hex(apdu));
  expect(link.finished()).toBe(true);
  return { response: show(response), link, driver };
}

describe('ISO/IEC 7816-3 Annex A.2: normal operation', () => {
  it('A.2.1 case 3: I(0,0) → I(0,0) 90 00; the next command goes as I(1,0)', async () => {
    const link = scriptedLink([
      ['00000F' + SELECT_10 + 'E0', '0000029000 92'],
      ['00400F' + SELECT_10 + 'A0', '0040029000 D2'],
    ]);
    const driver = new T1Driver(SETTINGS, link.exchange);
    expect(show(await driver.transmit(hex(SELECT_10)))).toBe('9000');
    expect(show(await driver.transmit(hex(SELECT_10)))).toBe('9000');
  });

  it('A.2.1 case 2: response data, and a status word alone', async () => {
    expect((await run([['00000500A4040005A0', '000007757477747590 00E0']], '00A4040005')).response).toBe('75747774759000');
    expect((await run([['00000500A4040005A0', '0000026A82EA']], '00A4040005')).response).toBe('6A82');
  });

  it('A.2.1 case 4', async () => {
    expect((await run([[I_CASE4, RESPONSE]], CASE4)).response).toBe('75747774759000');
  });

  it('A.2.2 scenario 2: S(WTX request 02) → S(WTX response 02), the next wait is twice as long', async () => {
    const { response, link } = await run([[I_CASE4, '00C30102C0'], ['00E30102E0', RESPONSE]], CASE4);
    expect(response).toBe('75747774759000');
    expect(link.calls.map((c) => [c.timeoutMs, c.multiplier])).toEqual([[1000, 1], [2000, 2]]);
  });

  it('A.2.3 scenario 3: S(IFS request 10h) from the card → echoed, IFSC becomes 16', async () => {
    const { driver } = await run([[I_CASE4, '00C10110D0'], ['00E10110F0', RESPONSE]], CASE4);
    expect(driver.ifsc).toBe(16);
  });

  it('A.2.3 scenario 4: S(IFS request 0A) from the device, echoed by the card', async () => {
    const link = scriptedLink([[I_CASE4, RESPONSE], ['00C1010ACA', '00E1010AEA'], ['00400B00A40400057536417070 05E9', '0040077574777475 9000A0']]);
    const driver = new T1Driver(SETTINGS, link.exchange);
    await driver.transmit(hex(CASE4));
    await driver.negotiateIfsd(10);
    expect(show(await driver.transmit(hex(CASE4)))).toBe('75747774759000');
  });

  it('A.2.4 scenario 5: the device chains a 28-byte command over IFSC 10', async () => {
    const data = '7536417070FFFF0000000000FFFF0000FF00FF00FF00';
    const { response } = await run(
      [
        ['00200A00A40400167536417070 9E', '00900090'],
        ['00600AFFFF0000000000FFFF00 6A', '00800080'],
        ['00000800FF00FF00FF0005 F2', RESPONSE],
      ],
      '00A4040016' + data + '05',
      { ifsc: 10 },
    );
    expect(response).toBe('75747774759000');
  });

  it('A.2.4 scenario 6: the card chains its response; we acknowledge with R(1)', async () => {
    const { response } = await run([[I_CASE4, '0020057574777475 52'], ['00900090', '0040029000D2']], CASE4);
    expect(response).toBe('75747774759000');
  });
});

describe('ISO/IEC 7816-3 Annex A.3: error handling', () => {
  it('scenario 8: the card reports an EDC error with R(0) → the I-block is sent again', async () => {
    expect((await run([[I_CASE4, '00810081'], [I_CASE4, RESPONSE]], CASE4)).response).toBe('75747774759000');
  });

  it('scenario 9: a broken response (bad LRC) → R(0) EDC error; no response in time → R(0) other error', async () => {
    expect((await run([[I_CASE4, '0000077574777475 90001F'], ['00810081', RESPONSE]], CASE4)).response).toBe('75747774759000');
    expect((await run([[I_CASE4, null], ['00820082', RESPONSE]], CASE4)).response).toBe('75747774759000');
  });

  it('scenario 10: the card\'s R-block is itself broken → R(0); the card repeats R(0) → the I-block again', async () => {
    const { response } = await run([[I_CASE4, '0081007E'], ['00810081', '00810081'], [I_CASE4, RESPONSE]], CASE4);
    expect(response).toBe('75747774759000');
  });

  it('scenario 11: after our R(0) the card answers R(1) → our R(0) again (EDC and timeout variants)', async () => {
    const bad = '0000077574777475 90001F';
    expect((await run([[I_CASE4, bad], ['00810081', '00910091'], ['00810081', RESPONSE]], CASE4)).response).toBe('75747774759000');
    expect((await run([[I_CASE4, null], ['00820082', '00910091'], ['00820082', RESPONSE]], CASE4)).response).toBe('75747774759000');
  });

  it('scenarios 12 and 13: broken blocks both ways, recovered within three retransmissions', async () => {
    const bad = '0000077574777475 90001F';
    expect((await run([[I_CASE4, bad], ['00810081', '0091006E'], ['00810081', RESPONSE]], CASE4)).response).toBe('75747774759000');
    expect(
      (await run([[I_CASE4, bad], ['00810081', '0091006E'], ['00810081', '00910091'], ['00810081', RESPONSE]], CASE4)).response,
    ).toBe('75747774759000');
  });
});

describe('T=1 recovery limits (§11.6.3.2 rule 7.4)', () => {
  const bad = '0000077574777475 90001F';

  it('a fourth failure → S(RESYNCH); once answered, the command is not repeated and N(S) restarts at 0', async () => {
    const link = scriptedLink([
      [I_CASE4, bad], ['00810081', bad], ['00810081', bad], ['00810081', bad],
      ['00C000C0', '00E000E0'],
      [I_CASE4, RESPONSE],
    ]);
    const driver = new T1Driver(SETTINGS, link.exchange);
    const error = await driver.transmit(hex(CASE4)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TpduLinkError);
    expect(error).toMatchObject({ failure: 'resynchronised', protocol: 1, commandMayHaveRun: true });
    expect(show(await driver.transmit(hex(CASE4)))).toBe('75747774759000');
    expect(link.finished()).toBe(true);
  });

  it('S(RESYNCH) unanswered three times → unrecoverable; the link then refuses every command', async () => {
    const link = scriptedLink([
      [I_CASE4, null], ['00820082', null], ['00820082', null], ['00820082', null],
      ['00C000C0', null], ['00C000C0', bad], ['00C000C0', '00810081'],
    ]);
    const driver = new T1Driver(SETTINGS, link.exchange);
    await expect(driver.transmit(hex(CASE4))).rejects.toMatchObject({ failure: 'unrecoverable' });
    await expect(driver.transmit(hex(CASE4))).rejects.toMatchObject({ failure: 'link-dead' });
    expect(link.finished()).toBe(true);
  });

  it('a card that aborts the chain: S(ABORT response), its R-block gives the turn back, typed error', async () => {
    const link = scriptedLink([
      ['00200A00A40400167536417070 9E', '00C200C2'],
      ['00E200E2', '00900090'],
      ['00400500A4040005E0', '0000029000 92'],
    ]);
    const driver = new T1Driver({ ...SETTINGS, ifsc: 10 }, link.exchange);
    await expect(driver.transmit(hex('00A4040016' + '7536417070FFFF0000000000FFFF0000FF00FF00FF00' + '05'))).rejects.toMatchObject({
      name: 'TpduLinkError',
      failure: 'aborted-by-card',
      commandMayHaveRun: false,
    });
    expect(show(await driver.transmit(hex('00A4040005')))).toBe('9000');
  });

  it('a response chain over the bound → S(ABORT request), typed error', async () => {
    const link = scriptedLink([[I_CASE4, '0020057574777475 52'], ['00900090', '0060057574777475 12'], ['00C200C2', '00E200E2']]);
    const driver = new T1Driver(SETTINGS, link.exchange, { maxResponseLength: 8 });
    await expect(driver.transmit(hex(CASE4))).rejects.toMatchObject({ failure: 'response-too-long' });
  });

  it('WTX requests past the bound → typed error, and the next command starts with S(RESYNCH)', async () => {
    const link = scriptedLink([[I_CASE4, '00C30102C0'], ['00E30102E0', '00C30102C0'], ['00E30102E0', '00C30102C0'], ['00C000C0', '00E000E0'], [I_CASE4, RESPONSE]]);
    const driver = new T1Driver(SETTINGS, link.exchange, { maxWaitingTimeExtensions: 2 });
    await expect(driver.transmit(hex(CASE4))).rejects.toMatchObject({ failure: 'too-many-wtx' });
    expect(show(await driver.transmit(hex(CASE4)))).toBe('75747774759000');
  });

  it('S(IFS request) never echoed → resynch, then a typed error', async () => {
    const link = scriptedLink([
      ['00C101FE3E', null], ['00C101FE3E', '00E1012006'], ['00C101FE3E', null], ['00C101FE3E', null],
      ['00C000C0', '00E000E0'],
    ]);
    const driver = new T1Driver({ ...SETTINGS, ifsd: 254 }, link.exchange);
    await expect(driver.negotiateIfsd()).rejects.toMatchObject({ failure: 'ifs-negotiation-failed', commandMayHaveRun: false });
  });

  it('refuses byte strings that are no command APDU before sending anything', async () => {
    const link = scriptedLink([]);
    await expect(new T1Driver(SETTINGS, link.exchange).transmit(hex('00A4'))).rejects.toBeInstanceOf(MalformedApduError);
  });
});

describe('T=1 host engine against arbitrary card answers', () => {
  it('ends with a response or a TpduLinkError within a bounded number of blocks, whatever the card sends', async () => {
    const valid = fc.oneof(
      fc.record({ ns: fc.constantFrom<0 | 1>(0, 1), more: fc.boolean(), inf: fc.uint8Array({ maxLength: 20 }) }).map((b) => encodeT1Block(iBlock(b.ns, b.more, b.inf), 'lrc')),
      fc.record({ nr: fc.constantFrom<0 | 1>(0, 1), e: fc.constantFrom(R_ERROR.None, R_ERROR.Edc, R_ERROR.Other) }).map((b) => encodeT1Block(rBlock(b.nr, b.e), 'lrc')),
      fc.record({ type: fc.constantFrom(S_BLOCK.Ifs, S_BLOCK.Wtx), response: fc.boolean(), v: fc.integer({ min: 1, max: 254 }) }).map((b) =>
        encodeT1Block(sBlock(b.type, b.response, Uint8Array.of(b.v)), 'lrc'),
      ),
      fc.record({ type: fc.constantFrom(S_BLOCK.Resynch, S_BLOCK.Abort), response: fc.boolean() }).map((b) => encodeT1Block(sBlock(b.type, b.response), 'lrc')),
    );
    const answer = fc.oneof(valid, valid, valid, fc.uint8Array({ maxLength: 12 }), fc.constant(null));
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 64 }), fc.uint8Array({ minLength: 4, maxLength: 80 }), async (answers, apdu) => {
        let round = 0;
        const exchange = async (): Promise<Uint8Array | null> => {
          round++;
          if (round > 2_000) throw new Error('runaway');
          return answers[round % answers.length] ?? null;
        };
        const driver = new T1Driver({ ...SETTINGS, ifsc: 16 }, exchange, { maxResponseLength: 300, maxWaitingTimeExtensions: 5 });
        try {
          expect((await driver.transmit(apdu)).length).toBeLessThanOrEqual(300);
        } catch (error) {
          expect(error).toBeInstanceOf(TpduLinkError);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('regression (fuzz seed -1696345636): a card chaining empty I-blocks forever is aborted, not followed', async () => {
    let round = 0;
    const answers = [hex('00200020'), hex('00600060')];
    const exchange = async (block: Uint8Array): Promise<Uint8Array | null> => {
      if (++round > 1_000) throw new Error('runaway');
      if (show(block) === '00C200C2') return hex('00E200E2');
      return answers[round % 2] ?? null;
    };
    const driver = new T1Driver(SETTINGS, exchange, { maxResponseLength: 10 });
    await expect(driver.transmit(hex(CASE4))).rejects.toMatchObject({ failure: 'response-too-long' });
    expect(round).toBeLessThan(20);
  });

  it('refuses settings that would not move a byte per block', () => {
    expect(() => new T1Driver({ ...SETTINGS, maxInfPerBlock: 0 }, scriptedLink([]).exchange)).toThrow(RangeError);
    expect(() => new T1Driver({ ...SETTINGS, ifsc: 255 }, scriptedLink([]).exchange)).toThrow(RangeError);
  });
});
