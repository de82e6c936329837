import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../../src/virtual/virtual-token/virtual-usb-device';

/**
 * The reader faults at the frame level (issue 7 §2, review §1 "fault model kinder than reality"): what a host
 * reads from bulk IN when a reader delivers a stale frame or a late reply. The driver's handling of them is
 * tested in the driver's own tests; here we prove the emulator produces exactly the frames a real reader does.
 */
const BULK_OUT = 1;
const BULK_IN = 2;

function xfrBlock(seq: number, apdu: readonly number[]): Uint8Array<ArrayBuffer> {
  return Uint8Array.from([0x6f, apdu.length, 0, 0, 0, 0, seq, 0, 0, 0, ...apdu]);
}

function abortFrame(seq: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from([0x72, 0, 0, 0, 0, 0, seq, 0, 0, 0]);
}

const POWER_ON = Uint8Array.from([0x62, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
const SELECT = [0x00, 0xa4, 0x04, 0x00, 0x05, 0xa0, 0x00, 0x00, 0x03, 0x08];
const GET_VERSION = [0x00, 0xfd, 0x00, 0x00, 0x00];
const GET_SERIAL = [0x00, 0xf8, 0x00, 0x00, 0x00];

async function openDevice(): Promise<VirtualUsbDevice> {
  const device = new VirtualUsbDevice(PivCard.create({ serial: 0x01020304 }));
  new VirtualUsb().plug(device);
  await device.open();
  await device.selectConfiguration(1);
  await device.claimInterface(0);
  await exchange(device, POWER_ON);
  await exchange(device, xfrBlock(1, SELECT));
  return device;
}

async function read(device: VirtualUsbDevice): Promise<Uint8Array> {
  const result = await device.transferIn(BULK_IN, 4096);
  return new Uint8Array(result.data!.buffer, result.data!.byteOffset, result.data!.byteLength).slice();
}

async function exchange(device: VirtualUsbDevice, frame: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  await device.transferOut(BULK_OUT, frame);
  return read(device);
}

const seqOf = (frame: Uint8Array): number => frame[6]!;
const payload = (frame: Uint8Array): string => Buffer.from(frame.subarray(10)).toString('hex');
/** Lets the device run every step it can without new input (no clock involved). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

describe('staleFrame: a late reply to an earlier command, then the right one', () => {
  it('delivers the frame the earlier command really got (old bSeq), then the reply to this one', async () => {
    const device = await openDevice();
    const version = await exchange(device, xfrBlock(7, GET_VERSION));
    device.faults.staleFrame(1, 1);
    await device.transferOut(BULK_OUT, xfrBlock(8, GET_SERIAL));
    const stale = await read(device);
    const right = await read(device);
    expect(stale).toEqual(version);
    expect(seqOf(stale)).toBe(7);
    expect(seqOf(right)).toBe(8);
    expect(payload(right)).toBe('010203049000');
    // One-shot: the next command gets only its own reply.
    expect(seqOf(await exchange(device, xfrBlock(9, GET_VERSION)))).toBe(9);
  });

  it('takes any bSeq delta 1..255, wrapping modulo 256 (fast-check)', async () => {
    const device = await openDevice();
    await fc.assert(
      fc.asyncProperty(fc.nat(255), fc.integer({ min: 1, max: 255 }), async (seq, delta) => {
        device.faults.staleFrame(1, delta);
        await device.transferOut(BULK_OUT, xfrBlock(seq, GET_SERIAL));
        const stale = await read(device);
        const right = await read(device);
        expect(seqOf(stale)).toBe((seq - delta + 256) % 256);
        expect(seqOf(right)).toBe(seq);
        expect(payload(right)).toBe('010203049000');
      }),
      { numRuns: 300 },
    );
  });
});

describe('lateReply: no answer while the host waits, then the late frame just before the next reply', () => {
  it('holds the reply back until the next command, then sends it with its old bSeq first', async () => {
    const device = await openDevice();
    device.faults.lateReply();
    await device.transferOut(BULK_OUT, xfrBlock(20, GET_SERIAL));
    let delivered: Uint8Array | null = null;
    const pending = read(device).then((frame) => (delivered = frame));
    await settle();
    expect(delivered).toBeNull();
    await device.transferOut(BULK_OUT, xfrBlock(21, GET_VERSION));
    const late = await pending;
    const next = await read(device);
    expect([seqOf(late), payload(late)]).toEqual([20, '010203049000']);
    expect([seqOf(next), payload(next)]).toEqual([21, '0507029000']);
  });

  it('after a CCID abort (§5.3.1 + PC_to_RDR_Abort) the late frame comes before the SlotStatus of the abort', async () => {
    const device = await openDevice();
    device.faults.lateReply();
    await device.transferOut(BULK_OUT, xfrBlock(30, GET_SERIAL));
    await device.controlTransferOut({ requestType: 'class', recipient: 'interface', request: 0x01, value: (30 << 8) | 0, index: 0 });
    await device.transferOut(BULK_OUT, abortFrame(30));
    const late = await read(device);
    const aborted = await read(device);
    expect([late[0], seqOf(late)]).toEqual([0x80, 30]);
    expect([aborted[0], seqOf(aborted)]).toEqual([0x81, 30]);
    expect(seqOf(await exchange(device, xfrBlock(31, GET_VERSION)))).toBe(31);
  });
});

describe('the faults kept from before, with their new parameters', () => {
  it('wrongSeq replaces the bSeq by one `delta` ahead', async () => {
    const device = await openDevice();
    device.faults.wrongSeq(1, 200);
    expect(seqOf(await exchange(device, xfrBlock(100, GET_VERSION)))).toBe(44);
    expect(seqOf(await exchange(device, xfrBlock(101, GET_VERSION)))).toBe(101);
  });

  it('time extensions carry the bError multiplier (CCID §6.2.6) and come before the reply', async () => {
    const device = await openDevice();
    device.faults.timeExtensions(2, 5);
    await device.transferOut(BULK_OUT, xfrBlock(3, GET_VERSION));
    for (let i = 0; i < 2; i++) {
      const extension = await read(device);
      expect([extension[0], extension[7]! >> 6, extension[8], seqOf(extension)]).toEqual([0x80, 2, 5, 3]);
    }
    expect(payload(await read(device))).toBe('0507029000');
  });
});
