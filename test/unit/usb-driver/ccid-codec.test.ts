import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abortSetup,
  commandStatusOf,
  decodeInterrupt,
  decodePcToRdr,
  decodeRdrToPc,
  encodeHardwareError,
  encodeNotifySlotChange,
  encodePcToRdr,
  encodeRdrToPc,
  iccStatusOf,
  makeStatus,
  type PcToRdrMessage,
  type RdrToPcMessage,
} from '../../../src/usb-driver/ccid-codec';
import { MalformedCcidError } from '../../../src/usb-driver/errors';
import { hex, toHex } from './fixtures/fixture-card';

const RUNS = 10_000;

describe('PC_to_RDR encoding (CCID §6.1), byte-exact', () => {
  const vectors: [PcToRdrMessage, string][] = [
    [{ kind: 'IccPowerOn', slot: 0, seq: 1, powerSelect: 0 }, '62 00000000 00 01 00 0000'],
    [{ kind: 'IccPowerOn', slot: 0, seq: 2, powerSelect: 2 }, '62 00000000 00 02 02 0000'],
    [{ kind: 'IccPowerOff', slot: 0, seq: 3 }, '63 00000000 00 03 000000'],
    [{ kind: 'GetSlotStatus', slot: 1, seq: 0xff }, '65 00000000 01 FF 000000'],
    [{ kind: 'GetParameters', slot: 0, seq: 4 }, '6C 00000000 00 04 000000'],
    [{ kind: 'Abort', slot: 0, seq: 5 }, '72 00000000 00 05 000000'],
    // §6.1.7 T=1: Fi/Di 13, TCCKS 10 (LRC), guard 0, BWI/CWI 4D, clock stop 0, IFSC FE, NAD 0.
    [{ kind: 'SetParameters', slot: 0, seq: 8, protocolNum: 1, data: hex('1310004D00FE00') }, '61 07000000 00 08 01 0000 1310004D00FE00'],
    // §6.1.7 T=0: Fi/Di 11, TCCKS 00, guard 0, WI 0A, clock stop 0.
    [{ kind: 'SetParameters', slot: 0, seq: 9, protocolNum: 0, data: hex('1100000A00') }, '61 05000000 00 09 00 0000 1100000A00'],
    [
      { kind: 'XfrBlock', slot: 0, seq: 6, bwi: 0, levelParameter: 0, data: hex('00A4040009A00000030800001000') },
      '6F 0E000000 00 06 00 0000 00A4040009A00000030800001000',
    ],
    [
      { kind: 'XfrBlock', slot: 0, seq: 7, bwi: 4, levelParameter: 0x0010, data: new Uint8Array(0) },
      '6F 00000000 00 07 04 1000',
    ],
  ];
  for (const [message, expected] of vectors) {
    it(`${message.kind} seq ${message.seq}`, () => {
      const bytes = encodePcToRdr(message);
      expect(toHex(bytes)).toBe(expected.replace(/ /g, ''));
      expect(decodePcToRdr(bytes)).toEqual(message);
    });
  }
  it('writes dwLength little-endian for a 300-byte block', () => {
    const bytes = encodePcToRdr({ kind: 'XfrBlock', slot: 0, seq: 0, bwi: 0, levelParameter: 1, data: new Uint8Array(300) });
    expect(toHex(bytes.subarray(0, 10))).toBe('6F2C0100000000000100');
    expect(bytes.length).toBe(310);
  });
});

describe('RDR_to_PC decoding (CCID §6.2), byte-exact', () => {
  it('DataBlock with a response APDU', () => {
    const reply = decodeRdrToPc(hex('80 04000000 00 05 00 00 00 CAFE9000'));
    expect(reply).toEqual({ kind: 'DataBlock', slot: 0, seq: 5, status: 0, error: 0, chainParameter: 0, data: hex('CAFE9000') });
  });
  it('DataBlock asking for a time extension', () => {
    const reply = decodeRdrToPc(hex('80 00000000 00 09 80 02 00'));
    expect(commandStatusOf(reply.status)).toBe(2);
    expect(iccStatusOf(reply.status)).toBe(0);
    expect(reply.error).toBe(2);
  });
  it('SlotStatus: no card, command failed, ICC_MUTE', () => {
    const reply = decodeRdrToPc(hex('81 00000000 00 03 42 FE 00'));
    expect(reply).toEqual({ kind: 'SlotStatus', slot: 0, seq: 3, status: 0x42, error: 0xfe, clockStatus: 0 });
    expect(iccStatusOf(reply.status)).toBe(2);
    expect(commandStatusOf(reply.status)).toBe(1);
  });
  it('Parameters for T=1', () => {
    const reply = decodeRdrToPc(hex('82 07000000 00 01 00 00 01 11100045 00FE00'));
    expect(reply).toMatchObject({ kind: 'Parameters', protocolNum: 1 });
    expect(toHex((reply as Extract<RdrToPcMessage, { kind: 'Parameters' }>).data)).toBe('1110004500FE00');
  });
  it('Parameters answering SetParameters T=0 (§6.2.3), and with no data after a failure', () => {
    const reply = decodeRdrToPc(hex('82 05000000 00 09 00 00 00 1100000A00'));
    expect(reply).toEqual({ kind: 'Parameters', slot: 0, seq: 9, status: 0, error: 0, protocolNum: 0, data: hex('1100000A00') });
    expect(decodeRdrToPc(hex('82 00000000 00 0A 40 07 00'))).toMatchObject({ kind: 'Parameters', status: 0x40, error: 7 });
  });
  it('SetParameters with protocol data of the wrong length is malformed', () => {
    expect(() => decodePcToRdr(hex('61 03000000 00 01 01 0000 131000'))).toThrow(MalformedCcidError);
  });
  it('encodes what it decodes', () => {
    const frames = ['80 02000000 00 05 00 00 02 6A82', '81 00000000 00 03 01 00 01', '82 05000000 00 01 00 00 00 1100000A00'];
    for (const frame of frames) expect(toHex(encodeRdrToPc(decodeRdrToPc(hex(frame))))).toBe(frame.replace(/ /g, ''));
  });
  it('makeStatus packs bmICCStatus and bmCommandStatus', () => {
    expect(makeStatus(2, 1)).toBe(0x42);
    expect(makeStatus(0, 2)).toBe(0x80);
  });
  const malformed: [string, string][] = [
    ['80 00 00', 'short-header'],
    ['80 05000000 00 01 00 00 00 9000', 'truncated'],
    ['80 01000000 00 01 00 00 00 9000', 'trailing-bytes'],
    ['99 00000000 00 01 00 00 00', 'unknown-type'],
    ['81 01000000 00 01 00 00 00 00', 'unexpected-data'],
    ['81 00000000 00 01 C0 00 00', 'bad-status'],
    ['81 00000000 00 01 04 00 00', 'bad-status'],
    ['82 03000000 00 01 00 00 01 111000', 'bad-parameters'],
    ['82 07000000 00 01 00 00 00 1310004D00FE00', 'bad-parameters'],
  ];
  for (const [frame, reason] of malformed) {
    it(`rejects ${reason}: ${frame}`, () => {
      const error = (() => {
        try {
          decodeRdrToPc(hex(frame));
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(MalformedCcidError);
      expect((error as MalformedCcidError).reason).toBe(reason);
    });
  }
});

describe('interrupt messages and the Abort request (CCID §6.3, §5.3.1)', () => {
  it('NotifySlotChange: card removed from slot 0', () => {
    expect(toHex(encodeNotifySlotChange([{ present: false, changed: true }]))).toBe('5002');
    expect(decodeInterrupt(hex('5003'))).toEqual({
      kind: 'NotifySlotChange',
      slots: [
        { present: true, changed: true },
        { present: false, changed: false },
        { present: false, changed: false },
        { present: false, changed: false },
      ],
    });
  });
  it('NotifySlotChange packs five slots into two bytes', () => {
    const slots = [0, 1, 2, 3, 4].map((i) => ({ present: i % 2 === 0, changed: i === 4 }));
    const bytes = encodeNotifySlotChange(slots);
    expect(toHex(bytes)).toBe('501103');
    const decoded = decodeInterrupt(bytes);
    expect(decoded.kind === 'NotifySlotChange' && decoded.slots.slice(0, 5)).toEqual(slots);
  });
  it('HardwareError', () => {
    expect(toHex(encodeHardwareError(0, 7, 1))).toBe('51000701');
    expect(decodeInterrupt(hex('51000701'))).toEqual({ kind: 'HardwareError', slot: 0, seq: 7, errorCode: 1 });
  });
  it('Abort setup: class, interface, bRequest 1, wValue bSeq<<8|bSlot, wIndex interface', () => {
    expect(abortSetup(0, 0x12, 3)).toEqual({ requestType: 'class', recipient: 'interface', request: 1, value: 0x1200, index: 3 });
  });
});

const typedOnly = (decode: (bytes: Uint8Array) => unknown) => (bytes: Uint8Array) => {
  try {
    decode(bytes);
  } catch (error) {
    if (!(error instanceof MalformedCcidError)) throw error;
  }
};

/** A frame with a plausible header (known type, right dwLength) and random contents, to reach past the header check. */
const framed = (types: number[]) =>
  fc.tuple(fc.constantFrom(...types), fc.uint8Array({ maxLength: 9, minLength: 9 }), fc.uint8Array({ maxLength: 40 })).map(([type, header, body]) => {
    const out = new Uint8Array(10 + body.length);
    out.set(header, 1);
    out[0] = type;
    new DataView(out.buffer).setUint32(1, body.length, true);
    out.set(body, 10);
    return out;
  });

describe('CCID parsers answer malformed input with MalformedCcidError only (fast-check)', () => {
  it('decodeRdrToPc on random bytes and random framed replies', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), framed([0x80, 0x81, 0x82, 0x83])), typedOnly(decodeRdrToPc)), { numRuns: RUNS });
  });
  it('decodePcToRdr on random bytes and random framed commands', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), framed([0x62, 0x63, 0x65, 0x6c, 0x6f, 0x72, 0x61])), typedOnly(decodePcToRdr)), { numRuns: RUNS });
  });
  it('decodeInterrupt on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 12 }), typedOnly(decodeInterrupt)), { numRuns: RUNS });
  });
  it('XfrBlock round-trips for any slot, seq, BWI, level and data', () => {
    fc.assert(
      fc.property(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(0xffff), fc.uint8Array({ maxLength: 300 }), (slot, seq, bwi, levelParameter, data) => {
        const message: PcToRdrMessage = { kind: 'XfrBlock', slot, seq, bwi, levelParameter, data };
        expect(decodePcToRdr(encodePcToRdr(message))).toEqual(message);
      }),
      { numRuns: 1000 },
    );
  });
  it('SetParameters round-trips for T=0 and T=1 protocol data', () => {
    const message = fc.oneof(
      fc.tuple(fc.constant(0), fc.uint8Array({ minLength: 5, maxLength: 5 })),
      fc.tuple(fc.constant(1), fc.uint8Array({ minLength: 7, maxLength: 7 })),
    );
    fc.assert(
      fc.property(fc.nat(255), message, (seq, [protocolNum, data]) => {
        const sent: PcToRdrMessage = { kind: 'SetParameters', slot: 0, seq, protocolNum, data };
        expect(decodePcToRdr(encodePcToRdr(sent))).toEqual(sent);
      }),
      { numRuns: 1000 },
    );
  });
});
