/**
 * T=0 APDU → TPDU mapping against the EMV 4.3 Book 1 Annex A exchanges (as reproduced in openemv/emv-utils
 * tests/emv_ttl_tpdu_test.c), adapted to a TPDU-level CCID reader: the reader consumes the procedure bytes
 * (ACK INS, NULL 60), so one XfrBlock carries header [+ data] and returns data + SW1 SW2.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedApduError } from '../../../src/apdu/format-errors';
import { NotSupportedError } from '../../../src/shared/errors/common-errors';
import { T0Driver } from '../../../src/tpdu/t0-driver';
import { TpduLinkError } from '../../../src/tpdu/tpdu-errors';
import { hex, scriptedLink, show } from './scripted-link';

const RECORD = '701A61184F07A0000000031010500A56495341204445424954870101';
const FCI = '6F24840E315041592E5359532E4444463031A5128801015F2D08656E6573667264659F110101';
const PSE = '315041592E5359532E4444463031';

async function run(steps: [string, string | null][], apdu: string, options = {}) {
  const link = scriptedLink(steps);
  const response = await new T0Driver(link.exchange, { timeoutMs: 5000, ...options }).transmit(hex(apdu));
  expect(link.finished()).toBe(true);
  return show(response);
}

describe('T=0 mapping (ISO/IEC 7816-3 §12.2, EMV Book 1 Annex A)', () => {
  it('A1 case 1: P3 = 00; normal and error', async () => {
    expect(await run([['1234567800', '9000']], '12345678')).toBe('9000');
    expect(await run([['1234567800', '6A81']], '12345678')).toBe('6A81');
  });

  it('A2 case 2: 6C1C → the same command with P3 = 1C', async () => {
    expect(await run([['00B2010C00', '6C1C'], ['00B2010C1C', RECORD + '9000']], '00B2010C00')).toBe(show(hex(RECORD + '9000')));
    expect(await run([['00B2010C00', '6A81']], '00B2010C00')).toBe('6A81');
    expect(await run([['00B2010C00', '6C1C'], ['00B2010C1C', '6581']], '00B2010C00')).toBe('6581');
  });

  it('A3 case 3: header + Lc + data', async () => {
    expect(await run([['0082000004DEADBEEF', '9000']], '0082000004DEADBEEF')).toBe('9000');
    expect(await run([['0082000004DEADBEEF', '6581']], '0082000004DEADBEEF')).toBe('6581');
  });

  it('A4 case 4: 6126 → GET RESPONSE with P3 = 26', async () => {
    expect(await run([['00A404000E' + PSE, '6126'], ['00C0000026', FCI + '9000']], '00A404000E' + PSE + '00')).toBe(FCI + '9000');
    expect(await run([['00A404000E' + PSE, '6A82']], '00A404000E' + PSE + '00')).toBe('6A82');
    expect(await run([['00A404000E' + PSE, '6126'], ['00C0000026', '6581']], '00A404000E' + PSE + '00')).toBe('6581');
  });

  it('GET RESPONSE asks for no more than Ne', async () => {
    expect(await run([['00A404000E' + PSE, '6126'], ['00C0000010', FCI.slice(0, 32) + '6116']], '00A404000E' + PSE + '10')).toBe(FCI.slice(0, 32) + '6116');
  });

  it('A5 case 2 with 6C then 61: the partial answer and its 61xx go up; the APDU layer fetches the rest', async () => {
    const first = '701A61184F07A0000000031010';
    const rest = '500A56495341204445424954870101';
    expect(await run([['00B2010C00', '6C1C'], ['00B2010C1C', '611C'], ['00C000001C', first + '610F']], '00B2010C00')).toBe(first + '610F');
    expect(await run([['00C000000F', rest + '9000']], '00C000000F')).toBe(rest + '9000');
  });

  it('A6 case 4 with two 61 rounds', async () => {
    const part = FCI.slice(0, 30);
    expect(await run([['00A404000E' + PSE, '6126'], ['00C0000026', part + '6114']], '00A404000E' + PSE + '00')).toBe(part + '6114');
  });

  it('A4 warning: EMV fetches the data after 62xx and keeps the warning (only when asked to)', async () => {
    const steps: [string, string][] = [['00A404000E' + PSE, '6286'], ['00C0000000', '6C26'], ['00C0000026', FCI + '9000']];
    expect(await run(steps, '00A404000E' + PSE + '00', { getResponseAfterWarning: true })).toBe(FCI + '6286');
    expect(await run([['00A404000E' + PSE, '6286'], ['00C0000000', '6985']], '00A404000E' + PSE + '00', { getResponseAfterWarning: true })).toBe('6286');
    expect(await run([['00A404000E' + PSE, '6286']], '00A404000E' + PSE + '00')).toBe('6286');
  });

  it('61xx on case 3 is the card\'s response chaining and goes up unchanged', async () => {
    expect(await run([['0082000004DEADBEEF', '6110']], '0082000004DEADBEEF')).toBe('6110');
  });

  it('GET RESPONSE keeps the logical channel of the command', async () => {
    expect(await run([['03A404000E' + PSE, '6126'], ['03C0000026', FCI + '9000']], '03A404000E' + PSE + '00')).toBe(FCI + '9000');
  });

  it('refuses extended APDUs and INS 6X/9X with NotSupportedError, malformed APDUs with MalformedApduError', async () => {
    const link = scriptedLink([]);
    const driver = new T0Driver(link.exchange, { timeoutMs: 1000 });
    await expect(driver.transmit(hex('00A404000000030102030000'))).rejects.toMatchObject({ name: 'NotSupportedError', feature: 'extended-apdu-t0' });
    await expect(driver.transmit(hex('0090010000'))).rejects.toBeInstanceOf(NotSupportedError);
    await expect(driver.transmit(hex('00600000'))).rejects.toMatchObject({ feature: 't0-ins-6x-9x' });
    await expect(driver.transmit(hex('FFA40000'))).rejects.toMatchObject({ feature: 't0-cla-ff' });
    await expect(driver.transmit(hex('00A40400050102'))).rejects.toBeInstanceOf(MalformedApduError);
    expect(link.calls).toEqual([]);
  });

  it('bounded: a card answering 61xx with no data forever → typed error after 16 TPDUs', async () => {
    const steps: [string, string][] = [['00A404000E' + PSE, '6101'], ...Array.from({ length: 15 }, (): [string, string] => ['00C0000001', '6101'])];
    const link = scriptedLink(steps);
    await expect(new T0Driver(link.exchange, { timeoutMs: 1000 }).transmit(hex('00A404000E' + PSE + '00'))).rejects.toMatchObject({
      failure: 'too-many-procedure-rounds',
    });
  });

  it('a mute card and a reply shorter than SW1 SW2 are typed errors', async () => {
    await expect(run([['00B2010C00', null]], '00B2010C00')).rejects.toBeInstanceOf(TpduLinkError);
    await expect(run([['00B2010C00', '90']], '00B2010C00')).rejects.toMatchObject({ failure: 'short-response', protocol: 0 });
  });

  it('passes the read timeout to the reader', async () => {
    const link = scriptedLink([['1234567800', '9000']]);
    await new T0Driver(link.exchange, { timeoutMs: 1234 }).transmit(hex('12345678'));
    expect(link.calls[0]?.timeoutMs).toBe(1234);
  });
});

describe('T=0 host engine against arbitrary card answers', () => {
  it('ends with a response or a typed error, whatever the reader returns', async () => {
    const reply = fc.oneof(
      fc.uint8Array({ maxLength: 6 }),
      fc.tuple(fc.constantFrom(0x61, 0x6c, 0x62, 0x90), fc.integer({ min: 0, max: 255 })).map(([a, b]) => Uint8Array.of(a, b)),
      fc.constant(null),
    );
    const apdu = fc.oneof(
      fc.constant(hex('00A404000E' + PSE + '00')),
      fc.constant(hex('00B2010C00')),
      fc.constant(hex('0082000004DEADBEEF')),
      fc.constant(hex('12345678')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(reply, { minLength: 1, maxLength: 20 }), apdu, fc.boolean(), async (replies, command, emv) => {
        let n = 0;
        const driver = new T0Driver(async () => replies[n++ % replies.length] ?? null, { timeoutMs: 100, getResponseAfterWarning: emv });
        try {
          await driver.transmit(command);
        } catch (error) {
          expect(error).toBeInstanceOf(TpduLinkError);
        }
        expect(n).toBeLessThanOrEqual(16);
      }),
      { numRuns: 10_000 },
    );
  });
});
