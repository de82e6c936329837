import { describe, expect, it } from 'vitest';
import { MalformedApduError, WrongLengthError, WrongPinError } from '../../../src/apdu/errors';
import { fromHex, toHex } from '../../../src/apdu/hex';
import { ApduProcessor } from '../../../src/apdu/processor';
import { secretInstructions } from '../../../src/apdu/redaction';
import { TrafficLog } from '../../../src/apdu/traffic-log';
import { ScriptedTransport, SHORT_LINK } from './scripted-transport';

/** The profile's word on which commands carry a secret (VERIFY here), as PIV's policy would say. */
const redaction = secretInstructions([{ ins: 0x20, commandData: true, responseData: false }]);
const PIN = '313233343536FFFF';
const verify = { cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: fromHex(PIN) };

describe('ApduProcessor — a command carrying a secret is sent once, and its bytes do not outlive the call', () => {
  it('regression (review §2 "PIN retries"): VERIFY answered 6Cxx is not re-sent; a typed error ends it', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [['0020008008' + PIN, '6C08']]);
    const error = await new ApduProcessor(t, { redaction }).send(verify).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongLengthError);
    expect((error as WrongLengthError).sw).toBe(0x6c08);
    expect(t.sent).toHaveLength(1);
  });

  it('a command without a secret is still re-sent once with Le = xx', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [
      ['00CB3FFF055C035FC10500', '6C02'],
      ['00CB3FFF055C035FC10502', '53009000'],
    ]);
    expect(toHex(await new ApduProcessor(t, { redaction }).send({ cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, data: fromHex('5C035FC105'), le: 0 }))).toBe('5300');
  });

  it('without a policy every command with data counts as secret (fail closed): no re-send', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [['00CB3FFF055C035FC10500', '6C02']]);
    await expect(new ApduProcessor(t).send({ cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, data: fromHex('5C035FC105'), le: 0 })).rejects.toBeInstanceOf(
      WrongLengthError,
    );
    expect(t.sent).toHaveLength(1);
  });

  it('a transport failure during VERIFY is never retried', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [['0020008008' + PIN, new Error('timeout')]]);
    await expect(new ApduProcessor(t, { redaction }).send(verify)).rejects.toThrow('timeout');
    expect(t.sent).toHaveLength(1);
  });

  it('regression (review §2 "PIN storage", processor.ts:130): the encoded VERIFY handed to the transport is zeroed after the exchange', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [['0020008008' + PIN, '63C2']]);
    await expect(new ApduProcessor(t, { redaction }).send(verify, { pinCommand: true })).rejects.toBeInstanceOf(WrongPinError);
    const [held] = t.received;
    expect(held).toHaveLength(13);
    expect(held!.every((b) => b === 0)).toBe(true);
  });

  it('also after the transport failed, and also with the log recording it first', async () => {
    const log = new TrafficLog({ redaction });
    const t = new ScriptedTransport(SHORT_LINK, [['0020008008' + PIN, new Error('gone')]]);
    await expect(new ApduProcessor(t, { redaction, log }).send(verify)).rejects.toThrow('gone');
    expect(t.received[0]!.every((b) => b === 0)).toBe(true);
    expect(log.lines()).toEqual(['> 00200080 08 ****************', '! Error']);
  });

  it('leaves the encoded bytes of commands without a secret alone (they are not the caller’s concern)', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [['00CA000000', '9000']]);
    await new ApduProcessor(t, { redaction }).send({ cla: 0, ins: 0xca, p1: 0, p2: 0, le: 0 });
    expect(toHex(t.received[0]!)).toBe('00CA000000');
  });
});

describe('ApduProcessor — response chaining is bounded in rounds, not only in bytes', () => {
  it('regression (review §2 "hang"): a card answering 6100 with no data for ever ends with a typed error', async () => {
    const script: Array<[string, string]> = [['00CA000000', '6100']];
    for (let i = 0; i < 8; i++) script.push(['00C0000000', '6100']);
    const t = new ScriptedTransport(SHORT_LINK, script);
    const error = await new ApduProcessor(t).send({ cla: 0, ins: 0xca, p1: 0, p2: 0, le: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedApduError);
    expect((error as Error).message).toContain('without data');
    expect(t.sent.length).toBeLessThanOrEqual(5);
  });

  it('a card sending one byte per round is stopped by the round cap', async () => {
    const script: Array<[string, string]> = [['00CA000000', '016101']];
    for (let i = 0; i < 10; i++) script.push(['00C0000001', '016101']);
    const t = new ScriptedTransport(SHORT_LINK, script);
    const error = await new ApduProcessor(t, { maxResponseRounds: 5 }).send({ cla: 0, ins: 0xca, p1: 0, p2: 0, le: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedApduError);
    expect((error as Error).message).toContain('more than 5 rounds');
  });

  it('an empty 61xx to the first command (usual on T=0) is followed normally', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [
      ['00CA000000', '6103'],
      ['00C0000003', '0102039000'],
    ]);
    expect(toHex(await new ApduProcessor(t).send({ cla: 0, ins: 0xca, p1: 0, p2: 0, le: 0 }))).toBe('010203');
  });
});
