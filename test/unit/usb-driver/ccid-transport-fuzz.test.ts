import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UKeyError } from '../../../src/shared/errors/ukey-error';
import { CcidTransport } from '../../../src/usb-driver/ccid-transport';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../../src/virtual/virtual-token/virtual-usb-device';
import { FixtureCard } from './fixtures/fixture-card';

const NOISE = 0;
const FRAME = 1;

/** Replies that look like CCID (type 80/81/82, right dwLength, any seq/status/error/chain) or are plain noise. */
const replies = fc.oneof(
  fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ kind: NOISE, bytes })),
  fc
    .record({
      type: fc.constantFrom(0x80, 0x81, 0x82),
      // Mostly the right bSeq; else a stale one (behind: skipped, then given up), a future one, or anything.
      seqDelta: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: -3, max: 3 }), fc.nat(255)),
      status: fc.constantFrom(0x00, 0x01, 0x02, 0x40, 0x41, 0x42, 0x80, 0xc0, 0x04),
      error: fc.nat(255),
      // Mostly unchained; a chained reply is repeated for every continuation, so it costs up to 65538 / data bytes.
      chain: fc.constantFrom(0, 0, 0, 0, 0, 0, 2, 0x10, 1, 3),
      data: fc.uint8Array({ minLength: 0, maxLength: 12 }),
    })
    .map(({ type, seqDelta, status, error, chain, data }) => {
      const out = new Uint8Array(10 + data.length);
      out[0] = type;
      new DataView(out.buffer).setUint32(1, data.length, true);
      // byte 6 (bSeq) holds a delta here; the fake reader adds the bSeq of the command it answers.
      out.set([0, seqDelta & 0xff, status, error, chain], 5);
      out.set(data, 10);
      return { kind: FRAME, bytes: out };
    }),
);

describe('CcidTransport against a reader that answers anything (fast-check)', () => {
  it('every exchange ends with a response or a typed UKeyError, never a TypeError or a hang', async () => {
    const usb = new VirtualUsb();
    const device = new VirtualUsbDevice(new FixtureCard());
    usb.plug(device);
    const transport = await CcidTransport.open(device, { usb, timeoutMs: 50, maxBusyMs: 0 });
    const realTransferIn = device.transferIn.bind(device);
    let next = { kind: NOISE, bytes: new Uint8Array(0) };
    let lastSeq = 0;
    const realTransferOut = device.transferOut.bind(device);
    device.transferOut = async (endpoint: number, data: BufferSource): Promise<USBOutTransferResult> => {
      lastSeq = (data as Uint8Array)[6] ?? 0;
      return realTransferOut(endpoint, data);
    };
    const outcomes = new Set<string>();
    device.transferIn = async (endpoint: number, length: number): Promise<USBInTransferResult> => {
      if (endpoint !== 2) return realTransferIn(endpoint, length);
      const bytes = next.bytes.slice();
      if (next.kind === FRAME) bytes[6] = ((bytes[6] ?? 0) + lastSeq) & 0xff;
      return { status: 'ok', data: new DataView(bytes.buffer) };
    };
    await fc.assert(
      fc.asyncProperty(replies, async (reply) => {
        next = reply;
        try {
          const response = await transport.exchange(Uint8Array.of(0x00, 0xee, 0x00, 0x00));
          expect(response).toBeInstanceOf(Uint8Array);
          outcomes.add('response');
        } catch (error) {
          expect(error).toBeInstanceOf(UKeyError);
          outcomes.add((error as UKeyError).name);
        }
      }),
      { numRuns: 10_000 },
    );
    // The link stayed alive throughout: every kind of answer was met, not one error repeated.
    expect(outcomes).toContain('response');
    expect(outcomes).toContain('MalformedCcidError');
    expect(outcomes).toContain('CcidSequenceError');
    expect(outcomes).toContain('CcidTimeoutError');
    expect(outcomes).not.toContain('DeviceDisconnectedError');
    await transport.close();
  });
});
