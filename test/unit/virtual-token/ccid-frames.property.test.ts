import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRdrToPc, encodePcToRdr } from '../../../src/usb-driver/ccid-codec';
import { HEADER_LENGTH, dataBlock, decodeHostFrame, notifySlotChange, slotStatus } from '../../../src/virtual/virtual-token/ccid-frames';
import { h, toHex } from './card-helpers';

const RUNS = { numRuns: 10_000 };

describe('the emulator\'s own CCID framing (CCID Rev 1.1 §6)', () => {
  it('reads the spec\'s header layout: PC_to_RDR_XfrBlock with dwLength, bSlot, bSeq, wLevelParameter', () => {
    expect(decodeHostFrame(h('6F 04000000 00 2A 00 0100 00A40400'))).toEqual({
      kind: 'XfrBlock', slot: 0, seq: 0x2a, levelParameter: 1, data: h('00A40400'),
    });
    expect(decodeHostFrame(h('62 00000000 00 07 01 0000'))).toEqual({ kind: 'IccPowerOn', slot: 0, seq: 7 });
    expect(decodeHostFrame(h('72 00000000 00 09 000000'))).toEqual({ kind: 'Abort', slot: 0, seq: 9 });
    // dwLength promises 5 bytes, 4 follow: refused, bError = offset of dwLength (§6.2.6).
    expect(decodeHostFrame(h('6F 05000000 00 01 00 0000 00A40400'))).toEqual({ kind: 'refused', slot: 0, seq: 1, error: 1 });
    expect(decodeHostFrame(h('6F 00000000 00'))).toBeNull();
  });

  it('writes RDR_to_PC_DataBlock / SlotStatus / NotifySlotChange byte for byte', () => {
    expect(toHex(dataBlock({ slot: 0, seq: 3, status: 0x00, error: 0 }, 0x01, h('9000')))).toBe('80020000000003000001' + '9000');
    expect(toHex(slotStatus({ slot: 0, seq: 4, status: 0x41, error: 0xfe }))).toBe('81000000000004' + '41fe00');
    expect(toHex(notifySlotChange(true, true))).toBe('5003');
    expect(toHex(notifySlotChange(false, true))).toBe('5002');
  });

  // The driver's codec is an independent implementation of the same spec: each side checks the other.
  it('decodes every frame the driver encodes, field for field (fast-check)', () => {
    const xfr = fc.record({ seq: fc.nat(255), level: fc.nat(0xffff), data: fc.uint8Array({ maxLength: 300 }) });
    fc.assert(
      fc.property(xfr, ({ seq, level, data }) => {
        const frame = encodePcToRdr({ kind: 'XfrBlock', slot: 0, seq, bwi: 0, levelParameter: level, data });
        expect(decodeHostFrame(frame)).toEqual({ kind: 'XfrBlock', slot: 0, seq, levelParameter: level, data });
      }),
      RUNS,
    );
  });

  it('every DataBlock it writes is what the driver decodes (fast-check)', () => {
    // bStatus: bmICCStatus 0–2 in bits 0–1, bmCommandStatus 0–2 in bits 6–7; the rest is reserved (§6.2.6).
    const status = fc.tuple(fc.nat(2), fc.nat(2)).map(([icc, command]) => (command << 6) | icc);
    const block = fc.record({ seq: fc.nat(255), status, error: fc.nat(255), chain: fc.nat(255), data: fc.uint8Array({ maxLength: 300 }) });
    fc.assert(
      fc.property(block, ({ seq, status, error, chain, data }) => {
        const decoded = decodeRdrToPc(dataBlock({ slot: 0, seq, status, error }, chain, data));
        expect(decoded).toMatchObject({ kind: 'DataBlock', seq, status, error, chainParameter: chain, data });
      }),
      RUNS,
    );
  });

  it('answers any bytes with a message, a refusal or null, never an exception (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const decoded = decodeHostFrame(bytes);
        if (bytes.length < HEADER_LENGTH) expect(decoded).toBeNull();
        else expect(decoded).not.toBeNull();
      }),
      RUNS,
    );
  });
});
