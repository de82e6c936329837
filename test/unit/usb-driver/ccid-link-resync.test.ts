/**
 * Regression tests for the CCID link (review §3 "CCID", issue 7 §2): stale frames, time-extension multiplier,
 * interrupt faults, and the XfrBlock frame wiped after the write. The virtual reader is the peer; where a fault
 * it cannot yet inject is needed, a small script wraps its transfers here (a stale frame, a time extension with
 * bError, garbage on the interrupt endpoint).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UKeyError } from '../../../src/shared/errors/ukey-error';
import { encodeRdrToPc, makeStatus } from '../../../src/usb-driver/ccid-codec';
import { COMMAND_STATUS, ICC_STATUS } from '../../../src/usb-driver/ccid-constants';
import { isStaleSeq } from '../../../src/usb-driver/ccid-link';
import { CcidTransport } from '../../../src/usb-driver/ccid-transport';
import { CcidSequenceError, CcidTimeoutError, MalformedCcidError } from '../../../src/usb-driver/errors';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../../src/virtual/virtual-token/virtual-usb-device';
import { encodeNotifySlotChange } from '../../../src/usb-driver/ccid-codec';
import { FIXTURE_INS, FIXTURE_PIN, FixtureCard, hex, toHex } from './fixtures/fixture-card';

const BULK_IN = 2;
const INTERRUPT_IN = 3;
const echo = (data: string): Uint8Array => hex(`00${FIXTURE_INS.echo.toString(16)}0000${(data.length / 2).toString(16).padStart(2, '0')}${data}`);

/** The virtual reader with its bulk transfers wrapped: `sentSeq` is the bSeq of the last frame written. */
function scriptedReader() {
  const card = new FixtureCard();
  const device = new VirtualUsbDevice(card);
  const usb = new VirtualUsb();
  usb.plug(device);
  const realIn = device.transferIn.bind(device);
  const realOut = device.transferOut.bind(device);
  const state = { sentSeq: 0, written: [] as Uint8Array[], writtenTypes: [] as number[], inScript: [] as Array<() => Promise<USBInTransferResult>> };
  device.transferOut = (endpoint: number, data: BufferSource): Promise<USBOutTransferResult> => {
    const bytes = data as Uint8Array;
    state.sentSeq = bytes[6] ?? 0;
    state.written.push(bytes);
    state.writtenTypes.push(bytes[0] ?? -1);
    return realOut(endpoint, data);
  };
  device.transferIn = (endpoint: number, length: number): Promise<USBInTransferResult> => {
    const scripted = endpoint === BULK_IN ? state.inScript.shift() : undefined;
    return scripted ? scripted() : realIn(endpoint, length);
  };
  return { card, device, usb, state, realIn };
}

const frameResult = (bytes: Uint8Array): USBInTransferResult => ({ status: 'ok', data: new DataView(bytes.buffer) });

describe('CCID link resynchronisation', () => {
  it('isStaleSeq: up to 128 behind (mod 256) is stale; equal or ahead is not', () => {
    expect(isStaleSeq(4, 5)).toBe(true);
    expect(isStaleSeq(255, 0)).toBe(true);
    expect(isStaleSeq(5, 5)).toBe(false);
    expect(isStaleSeq(6, 5)).toBe(false);
    expect(isStaleSeq(133, 5)).toBe(true);
    expect(isStaleSeq(132, 5)).toBe(false);
  });

  it('regression (review §3, ccid-link.ts:113): a stale bSeq frame before the right one is skipped, as libccid does', async () => {
    const { device, usb, state } = scriptedReader();
    const transport = await CcidTransport.open(device, { usb });
    state.inScript.push(async () =>
      frameResult(encodeRdrToPc({ kind: 'DataBlock', slot: 0, seq: (state.sentSeq - 1) & 0xff, status: 0, error: 0, chainParameter: 0, data: hex('DEAD9000') })),
    );
    expect(toHex(await transport.exchange(echo('5A')))).toBe('5A9000');
    expect(toHex(await transport.exchange(echo('5B')))).toBe('5B9000');
    await transport.close();
  });

  it('regression (review §3, ccid-link.ts:164-176,203): the late reply to a timed-out command does not desync the next one', async () => {
    const { device, usb } = scriptedReader();
    const transport = await CcidTransport.open(device, { usb, timeoutMs: 100 });
    // The reply comes after the command timed out (100 ms) and after the abort gave up waiting (200 ms), while
    // the next command waits for its own: the pending transfer then delivers the stale frame first.
    device.faults.delayReplies(250);
    await expect(transport.exchange(echo('01'))).rejects.toBeInstanceOf(CcidTimeoutError);
    device.faults.clear();
    expect(toHex(await transport.exchange(echo('02')))).toBe('029000');
    expect(toHex(await transport.exchange(echo('03')))).toBe('039000');
    await transport.close();
  });

  it('regression (review §3, ccid-link.ts:115-117): a time extension waits bError times the timeout (CCID §6.2.7)', async () => {
    const { device, usb, state, realIn } = scriptedReader();
    const transport = await CcidTransport.open(device, { usb, timeoutMs: 60 });
    const status = makeStatus(ICC_STATUS.PresentActive, COMMAND_STATUS.TimeExtension);
    state.inScript.push(async () => frameResult(encodeRdrToPc({ kind: 'DataBlock', slot: 0, seq: state.sentSeq, status, error: 20, chainParameter: 0, data: new Uint8Array(0) })));
    // The answer then takes longer than one timeout, well inside 20 of them.
    state.inScript.push(async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return realIn(BULK_IN, 4096);
    });
    expect(toHex(await transport.exchange(echo('7E')))).toBe('7E9000');
    await transport.close();
  });

  it('regression (review §2, ccid-link.ts:139,145): a bad interrupt frame is surfaced and card changes keep coming', async () => {
    const { device, usb, realIn } = scriptedReader();
    const interrupts: Uint8Array[] = [Uint8Array.of(0x99), encodeNotifySlotChange([{ present: false, changed: true }])];
    const wrapped = device.transferIn;
    device.transferIn = (endpoint: number, length: number): Promise<USBInTransferResult> => {
      if (endpoint !== INTERRUPT_IN) return wrapped(endpoint, length);
      const next = interrupts.shift();
      return next ? Promise.resolve(frameResult(next)) : realIn(endpoint, length);
    };
    const transport = await CcidTransport.open(device, { usb });
    const problems: UKeyError[] = [];
    const changes: boolean[] = [];
    transport.onCardEventProblem((error) => problems.push(error));
    const heard = new Promise<void>((resolve) => {
      transport.onCardChange((present) => {
        changes.push(present);
        resolve();
      });
    });
    await heard;
    expect(changes).toEqual([false]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBeInstanceOf(MalformedCcidError);
    expect((problems[0] as MalformedCcidError).reason).toBe('bad-interrupt');
    await transport.close();
  });

  it('regression (review §2 "PIN storage", ccid-codec.ts:70-79): the XfrBlock frame that carried a VERIFY is zeroed after the write', async () => {
    const { device, usb, state } = scriptedReader();
    const transport = await CcidTransport.open(device, { usb });
    state.written.length = 0;
    state.writtenTypes.length = 0;
    const verify = Uint8Array.from([0x00, 0x20, 0x00, 0x80, 0x08, ...FIXTURE_PIN]);
    expect(toHex(await transport.exchange(verify))).toBe('9000');
    const [frame] = state.written;
    expect(state.writtenTypes).toEqual([0x6f]); // PC_to_RDR_XfrBlock
    expect(frame?.length).toBe(10 + 13);
    expect(frame!.every((b) => b === 0)).toBe(true);
    await transport.close();
  });

  describe('against the virtual reader’s own faults (src/virtual/virtual-token/faults.ts)', () => {
    it('staleFrame: an old-bSeq frame, then the right one, for any bSeq distance up to 128 (fast-check)', async () => {
      const { device, usb } = scriptedReader();
      const transport = await CcidTransport.open(device, { usb });
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 128 }), fc.integer({ min: 1, max: 3 }), fc.uint8Array({ minLength: 1, maxLength: 8 }), async (delta, count, data) => {
          device.faults.staleFrame(count, delta);
          for (let i = 0; i < count; i++) expect(toHex(await transport.exchange(echo(toHex(data))))).toBe(toHex(data) + '9000');
        }),
        { numRuns: 300 },
      );
      await transport.close();
    });

    it('staleFrame further than 128 behind reads as a future bSeq: a typed CcidSequenceError, and the link stays usable', async () => {
      const { device, usb } = scriptedReader();
      const transport = await CcidTransport.open(device, { usb, timeoutMs: 100 });
      device.faults.staleFrame(1, 200);
      await expect(transport.exchange(echo('01'))).rejects.toBeInstanceOf(CcidSequenceError);
      // The right reply to that command is still in the pipe: stale now, so skipped.
      expect(toHex(await transport.exchange(echo('02')))).toBe('029000');
      await transport.close();
    });

    it('lateReply: the command times out, its reply comes late before the next one, and the next command still works', async () => {
      const { device, usb } = scriptedReader();
      const transport = await CcidTransport.open(device, { usb, timeoutMs: 60 });
      device.faults.lateReply();
      await expect(transport.exchange(echo('0A'))).rejects.toBeInstanceOf(CcidTimeoutError);
      expect(toHex(await transport.exchange(echo('0B')))).toBe('0B9000');
      expect(toHex(await transport.exchange(echo('0C')))).toBe('0C9000');
      await transport.close();
    });

    it('timeExtensions with a multiplier: the reply after them is awaited, and the link stays in step', async () => {
      const { device, usb } = scriptedReader();
      const transport = await CcidTransport.open(device, { usb });
      device.faults.timeExtensions(3, 4);
      expect(toHex(await transport.exchange(echo('5A')))).toBe('5A9000');
      device.faults.clear();
      expect(toHex(await transport.exchange(echo('5B')))).toBe('5B9000');
      await transport.close();
    });
  });
});
