/**
 * CanoKey's EP0 framing as a pure codec (issue 18 §1): byte-exact vectors from canokey-core webusb.h/webusb.c,
 * and fast-check properties at 10,000 runs — the state byte decodes totally and back, a response splits into
 * data ‖ SW and rejoins, the polling schedule is bounded by its timeout, and the emulator's Le clamp keeps every
 * APDU well-formed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CANOKEY_REQUEST,
  CANOKEY_MAX_NE,
  CANOKEY_STATE_BYTE,
  decodeState,
  fitExtendedLe,
  nextStep,
  pollDelays,
  splitResponse,
  vendorRequest,
} from '../../../src/sources/canokey/canokey-protocol';
import { setupPacket } from '../../../src/usb-driver/usbpcap';
import { clampExtendedLe } from '../../../src/virtual/canokey/extended-le';
import { WEBUSB_STATE } from '../../../src/virtual/canokey/webusb-buffer-state';

const RUNS = { numRuns: 10_000 };

describe('CanoKey framing: vectors', () => {
  it('request codes and state bytes are the firmware’s (webusb.h, webusb.c enum)', () => {
    expect(CANOKEY_REQUEST).toEqual({ COMMAND: 0x00, RESPONSE: 0x01, STATUS: 0x02 });
    expect(CANOKEY_STATE_BYTE).toEqual({ idle: 0xff, 'response-ready': 0, processing: 1, 'response-sent': 2, receiving: 3, 'holding-buffer': 4 });
    // The emulator keeps its own table (written apart); both must agree with the firmware.
    expect(Object.values(WEBUSB_STATE).sort()).toEqual(Object.values(CANOKEY_STATE_BYTE).sort());
  });

  it('a command to interface 1 is the setup packet 41 00 0000 0100 <len> (vendor, interface, OUT)', () => {
    const setup = setupPacket(vendorRequest(CANOKEY_REQUEST.COMMAND, 1), 'out', 15);
    expect(Buffer.from(setup).toString('hex')).toBe('4100000001000f00');
    expect(Buffer.from(setupPacket(vendorRequest(CANOKEY_REQUEST.STATUS, 1), 'in', 1)).toString('hex')).toBe('c102000001000100');
    expect(Buffer.from(setupPacket(vendorRequest(CANOKEY_REQUEST.RESPONSE, 1), 'in', 1340)).toString('hex')).toBe('c10100000100' + '3c05');
  });

  it('what the host does in each state', () => {
    expect(nextStep('processing')).toBe('poll');
    expect(nextStep('receiving')).toBe('poll');
    expect(nextStep('response-ready')).toBe('read');
    for (const state of ['idle', 'response-sent', 'holding-buffer', null] as const) expect(nextStep(state)).toBe('fault');
  });

  it('Le clamp vectors: 2E and 4E lowered to the buffer, short and 3E untouched', () => {
    expect(Buffer.from(clampExtendedLe(Uint8Array.from([0, 0xcb, 0x3f, 0xff, 0, 0, 0]), 1338)).toString('hex')).toBe('00cb3fff00053a');
    expect(Buffer.from(clampExtendedLe(Uint8Array.from([0, 0x87, 7, 0x9a, 0, 0, 1, 0xaa, 0, 0]), 1338)).toString('hex')).toBe('0087079a000001aa053a');
    expect(Buffer.from(clampExtendedLe(Uint8Array.from([0, 0xcb, 0x3f, 0xff, 0, 0, 1, 0xaa]), 1338)).toString('hex')).toBe('00cb3fff000001aa');
    expect(Buffer.from(clampExtendedLe(Uint8Array.from([0, 0xcb, 0x3f, 0xff, 0]), 1338)).toString('hex')).toBe('00cb3fff00');
  });
});

describe('CanoKey framing: properties (10,000 runs each)', () => {
  it('decodeState is total on bytes, and exactly the six firmware states decode (and encode back)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (byte) => {
        const state = decodeState(byte);
        const known = (Object.values(CANOKEY_STATE_BYTE) as number[]).includes(byte);
        expect(state !== null).toBe(known);
        if (state !== null) expect(CANOKEY_STATE_BYTE[state]).toBe(byte);
      }),
      RUNS,
    );
  });

  it('a response splits into data ‖ SW1 SW2 and rejoins to the same bytes; under 2 bytes is refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1340 }), (bytes) => {
        const split = splitResponse(bytes);
        if (bytes.length < 2) {
          expect(split).toBeNull();
          return;
        }
        expect(split).not.toBeNull();
        const { data, sw } = split!;
        expect(Buffer.concat([data, Uint8Array.of(sw >> 8, sw & 0xff)]).equals(Buffer.from(bytes))).toBe(true);
      }),
      RUNS,
    );
  });

  it('every vendor request names the interface in wIndex, the request in bRequest, and the length in wLength', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(CANOKEY_REQUEST.COMMAND, CANOKEY_REQUEST.RESPONSE, CANOKEY_REQUEST.STATUS),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 1340 }),
        (request, iface, length) => {
          const direction = request === CANOKEY_REQUEST.COMMAND ? 'out' : 'in';
          const packet = setupPacket(vendorRequest(request, iface), direction, length);
          expect(packet[0]).toBe((direction === 'in' ? 0x80 : 0) | 0x41);
          expect(packet[1]).toBe(request);
          expect(packet[4]! | (packet[5]! << 8)).toBe(iface);
          expect(packet[6]! | (packet[7]! << 8)).toBe(length);
        },
      ),
      RUNS,
    );
  });

  it('the polling schedule never waits longer than the timeout, grows to its cap, and has a bounded length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 20, max: 500 }), (timeout, first, cap) => {
        const delays = pollDelays(timeout, first, cap);
        const total = delays.reduce((a, b) => a + b, 0);
        const inRange = delays.every((d) => d >= 1 && d <= Math.max(first, cap));
        const growing = delays.every((d, i) => i === 0 || d >= Math.min(delays[i - 1]!, cap));
        expect({ totalWithin: total <= timeout, inRange, growing }).toEqual({ totalWithin: true, inRange: true, growing: true });
        expect(delays.length).toBeLessThanOrEqual(Math.ceil(timeout / Math.min(first, cap)) + 1);
      }),
      RUNS,
    );
  });

  it('the host’s Le fit keeps header, Lc and data, never raises Ne, and never leaves an Ne above the buffer', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.constantFrom('2E', '3E', '4E', 'short', 'raw'),
        (data, le, form) => {
          const header = [0x00, 0xcb, 0x3f, 0xff];
          const lc = [data.length >> 8, data.length & 0xff];
          const apdu =
            form === '2E' ? Uint8Array.from([...header, 0, le >> 8, le & 0xff])
            : form === '3E' && data.length > 0 ? Uint8Array.from([...header, 0, ...lc, ...data])
            : form === '4E' && data.length > 0 ? Uint8Array.from([...header, 0, ...lc, ...data, le >> 8, le & 0xff])
            : form === 'short' ? Uint8Array.from([...header, le & 0xff])
            : Uint8Array.from([...header, 0x01 + (data[0] ?? 0) % 0xff, ...data]); // byte 4 never 00: not extended
          const out = fitExtendedLe(apdu);
          expect(out.length).toBe(apdu.length);
          const extendedWithLe = (form === '2E' || (form === '4E' && data.length > 0));
          if (!extendedWithLe) {
            expect(Buffer.from(out).equals(Buffer.from(apdu))).toBe(true);
            return;
          }
          expect(Buffer.from(out.subarray(0, -2)).equals(Buffer.from(apdu.subarray(0, -2)))).toBe(true);
          const ne = (x: Uint8Array): number => { const v = (x[x.length - 2]! << 8) | x[x.length - 1]!; return v === 0 ? 0x10000 : v; };
          expect(ne(out)).toBe(Math.min(ne(apdu), CANOKEY_MAX_NE));
        },
      ),
      RUNS,
    );
  });

  it('the emulator’s Le clamp keeps the header and data, and never raises Ne', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 600 }), fc.integer({ min: 256, max: 65_536 }), (apdu, max) => {
        const out = clampExtendedLe(apdu, max);
        expect(out.length).toBe(apdu.length);
        const changed = out.findIndex((b, i) => b !== apdu[i]);
        if (changed >= 0) {
          expect(changed).toBeGreaterThanOrEqual(apdu.length - 2); // only the trailing Le field moves
          expect((out[out.length - 2]! << 8) | out[out.length - 1]!).toBe(max);
        }
      }),
      RUNS,
    );
  });
});
