import { describe, expect, it } from 'vitest';
import { IncorrectDataError, MalformedApduError, NotFoundError, WrongPinError } from '../../../src/apdu/errors';
import { fromHex, toHex } from '../../../src/apdu/hex';
import { ApduProcessor } from '../../../src/apdu/processor';
import { NO_REDACTION } from '../../../src/apdu/redaction';
import { TrafficLog } from '../../../src/apdu/traffic-log';
import { EXTENDED_LINK, ScriptedTransport, SHORT_LINK } from './scripted-transport';

const PUT_DATA = { cla: 0x00, ins: 0xdb, p1: 0x3f, p2: 0xff };
const GET_DATA = { cla: 0x00, ins: 0xcb, p1: 0x3f, p2: 0xff, data: fromHex('5C035FC105'), le: 0 };

function filled(length: number, value: number): Uint8Array {
  return new Uint8Array(length).fill(value);
}

describe('ApduProcessor — command side', () => {
  it('sends a short command once and returns the data', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [['00CB3FFF055C035FC10500', '53009000']]);
    expect(toHex(await new ApduProcessor(t).send(GET_DATA))).toBe('5300');
    expect(t.done).toBe(true);
  });

  it('chains 600 bytes on a short link as 255 + 255 + 90 with CLA|10 on all but the last (ISO 7816-4 §5.1.1.1)', async () => {
    const data = new Uint8Array(600).map((_, i) => i & 0xff);
    const hex = toHex(data);
    const t = new ScriptedTransport(SHORT_LINK, [
      ['10DB3FFFFF' + hex.slice(0, 510), '9000'],
      ['10DB3FFFFF' + hex.slice(510, 1020), '9000'],
      ['00DB3FFF5A' + hex.slice(1020), '9000'],
    ]);
    expect((await new ApduProcessor(t).send({ ...PUT_DATA, data })).length).toBe(0);
    expect(t.done).toBe(true);
  });

  it('stops the chain at the first part the card refuses and returns that answer', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [['10DB3FFFFF' + '11'.repeat(255), '6A80']]);
    const p = new ApduProcessor(t);
    expect((await p.transmit({ ...PUT_DATA, data: filled(300, 0x11) })).sw).toBe(0x6a80);
    const t2 = new ScriptedTransport(SHORT_LINK, [['10DB3FFFFF' + '11'.repeat(255), '6A80']]);
    await expect(new ApduProcessor(t2).send({ ...PUT_DATA, data: filled(300, 0x11) })).rejects.toBeInstanceOf(
      IncorrectDataError,
    );
  });

  it('uses one extended command when the link has extended APDUs', async () => {
    const t = new ScriptedTransport(EXTENDED_LINK, [['00DB3FFF000258' + '22'.repeat(600), '9000']]);
    await new ApduProcessor(t).send({ ...PUT_DATA, data: filled(600, 0x22) });
    expect(t.done).toBe(true);
  });

  it('falls back to chaining when an extended command would exceed the link maximum', async () => {
    const t = new ScriptedTransport({ extendedApdu: true, maxCommandLength: 271 }, [
      ['10DB3FFFFF' + '33'.repeat(255), '9000'],
      ['00DB3FFF2D' + '33'.repeat(45), '9000'],
    ]);
    await new ApduProcessor(t).send({ ...PUT_DATA, data: filled(300, 0x33) });
    expect(t.done).toBe(true);
  });

  it('chains even short data when the link maximum is smaller than the command', async () => {
    const t = new ScriptedTransport({ extendedApdu: false, maxCommandLength: 16 }, [
      ['10DB3FFF0A' + '44'.repeat(10), '9000'],
      ['00DB3FFF02' + '44'.repeat(2), '9000'],
    ]);
    await new ApduProcessor(t).send({ ...PUT_DATA, data: filled(12, 0x44) });
    expect(t.done).toBe(true);
  });
});

describe('ApduProcessor — response side', () => {
  it('follows 61xx with GET RESPONSE (Le = xx, 00 for 6100) and concatenates the data', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [
      ['00CB3FFF055C035FC10500', 'AA'.repeat(256) + '6100'],
      ['00C0000000', 'BB'.repeat(256) + '6103'],
      ['00C0000003', 'CCCCCC9000'],
    ]);
    const data = await new ApduProcessor(t).send(GET_DATA);
    expect(data.length).toBe(515);
    expect(toHex(data.subarray(254, 258))).toBe('AAAABBBB');
    expect(toHex(data.subarray(512))).toBe('CCCCCC');
  });

  it('re-sends once with Le = xx after 6Cxx', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [
      ['00CA000000', '6C04'],
      ['00CA000004', '010203049000'],
    ]);
    expect(toHex(await new ApduProcessor(t).send({ cla: 0, ins: 0xca, p1: 0, p2: 0, le: 0 }))).toBe('01020304');
  });

  it('handles 6Cxx followed by 61xx', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [
      ['00CA000000', '6C00'],
      ['00CA000000', '01026101'],
      ['00C0000001', '039000'],
    ]);
    expect(toHex(await new ApduProcessor(t).send({ cla: 0, ins: 0xca, p1: 0, p2: 0, le: 0 }))).toBe('010203');
  });

  it('a second 6Cxx is returned, not looped on', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [
      ['00CA000000', '6C04'],
      ['00CA000004', '6C05'],
    ]);
    expect((await new ApduProcessor(t).transmit({ cla: 0, ins: 0xca, p1: 0, p2: 0, le: 0 })).sw).toBe(0x6c05);
  });

  it('sends GET RESPONSE without the chaining bit after a chained command', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [
      ['10DB3FFFFF' + '55'.repeat(255), '9000'],
      ['00DB3FFF01' + '55', '6102'],
      ['00C0000002', 'ABCD9000'],
    ]);
    expect(toHex(await new ApduProcessor(t).send({ ...PUT_DATA, data: filled(256, 0x55) }))).toBe('ABCD');
  });

  it('gives up with MalformedApduError on a card that never stops answering 61xx', async () => {
    const script: Array<[string, string]> = [['00CA000000', 'EE'.repeat(16) + '6110']];
    for (let i = 0; i < 5; i++) script.push(['00C0000010', 'EE'.repeat(16) + '6110']);
    const t = new ScriptedTransport(SHORT_LINK, script);
    const p = new ApduProcessor(t, { maxResponseLength: 64 });
    await expect(p.send({ cla: 0, ins: 0xca, p1: 0, p2: 0, le: 0 })).rejects.toBeInstanceOf(MalformedApduError);
  });
});

describe('ApduProcessor — status words and failures', () => {
  it('transmit leaves the status word alone; send throws the mapped error naming the command', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [
      ['0020008008313233343536FFFF', '63C2'],
      ['0020008008313233343536FFFF', '63C2'],
    ]);
    const p = new ApduProcessor(t);
    const verify = { cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: fromHex('313233343536FFFF') };
    expect(await p.transmit(verify)).toEqual({ data: new Uint8Array(0), sw: 0x63c2 });
    const error = await p.send(verify).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPinError);
    expect((error as WrongPinError).attemptsRemaining).toBe(2);
    expect((error as WrongPinError).ins).toBe(0x20);
  });

  it('maps 6A82 from SELECT to NotFoundError', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [['00A4040005A00000030800', '6A82']]);
    const select = { cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex('A000000308'), le: 0 };
    await expect(new ApduProcessor(t).send(select)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('passes a transport error through and logs it without the PIN', async () => {
    class DeviceGoneError extends Error {
      override readonly name = 'DeviceGoneError';
    }
    const log = new TrafficLog();
    const t = new ScriptedTransport(SHORT_LINK, [['0020008008313233343536FFFF', new DeviceGoneError('gone')]]);
    const p = new ApduProcessor(t, { log });
    const verify = { cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: fromHex('313233343536FFFF') };
    await expect(p.send(verify)).rejects.toBeInstanceOf(DeviceGoneError);
    expect(log.lines()).toEqual(['> 00200080 08 ****************', '! DeviceGoneError']);
  });

  it('logs every exchange of a chained flow', async () => {
    const log = new TrafficLog({ redaction: NO_REDACTION });
    const t = new ScriptedTransport(SHORT_LINK, [
      ['00CA000000', '01026101'],
      ['00C0000001', '039000'],
    ]);
    await new ApduProcessor(t, { log, redaction: NO_REDACTION }).send({ cla: 0, ins: 0xca, p1: 0, p2: 0, le: 0 });
    expect(log.lines()).toEqual(['> 00CA0000 00', '< 0102 6101', '> 00C00000 01', '< 03 9000']);
  });

  it('queues concurrent callers so one 61xx flow never interleaves with another', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [
      ['00CA000100', '01026101'],
      ['00C0000001', '039000'],
      ['00CA000200', '04056101'],
      ['00C0000001', '069000'],
    ]);
    const p = new ApduProcessor(t);
    const [a, b] = await Promise.all([
      p.send({ cla: 0, ins: 0xca, p1: 0, p2: 1, le: 0 }),
      p.send({ cla: 0, ins: 0xca, p1: 0, p2: 2, le: 0 }),
    ]);
    expect([toHex(a), toHex(b)]).toEqual(['010203', '040506']);
  });

  it('a failed call does not block or fail the next one in the queue', async () => {
    const t = new ScriptedTransport(SHORT_LINK, [
      ['00CA000100', new Error('unplugged')],
      ['00CA000200', '079000'],
    ]);
    const p = new ApduProcessor(t);
    const first = p.send({ cla: 0, ins: 0xca, p1: 0, p2: 1, le: 0 });
    const second = p.send({ cla: 0, ins: 0xca, p1: 0, p2: 2, le: 0 });
    await expect(first).rejects.toThrow('unplugged');
    expect(toHex(await second)).toBe('07');
  });
});
