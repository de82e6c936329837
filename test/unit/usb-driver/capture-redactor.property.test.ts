import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RedactionPolicy } from '../../../src/shared/redaction/redaction-policy';
import { encodePcToRdr, encodeRdrToPc } from '../../../src/usb-driver/ccid-codec';
import { CHAIN } from '../../../src/usb-driver/ccid-constants';
import { UsbCapture } from '../../../src/usb-driver/usbpcap';

/** VERIFY data secret (as the PIV profile says), everything else visible. */
const VERIFY_DATA: RedactionPolicy = {
  commandSecrets: (apdu) => (apdu[1] === 0x20 && apdu.length > 5 ? [{ start: 5, end: apdu.length }] : []),
  responseSecrets: () => [],
};
const has = (haystack: Uint8Array, needle: Uint8Array): boolean => Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0;

describe('USB capture redaction properties (10,000 runs each)', () => {
  it('arbitrary frames in any order never throw and keep every record’s length', () => {
    const frame = fc.record({ out: fc.boolean(), bytes: fc.uint8Array({ maxLength: 40 }), type: fc.constantFrom(0x62, 0x6f, 0x80, 0x81, 0x65, 0x72) });
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 12 }), (frames) => {
        const capture = new UsbCapture({ now: () => 0, redaction: VERIFY_DATA });
        let expected = 24;
        for (const { out, bytes, type } of frames) {
          const data = bytes.length > 0 ? Uint8Array.from([type, ...bytes.subarray(1)]) : bytes;
          if (out) capture.bulkOut(1, data);
          else capture.bulkIn(2, data);
          expected += 2 * (16 + 27) + data.length;
        }
        expect(capture.toBytes().length).toBe(expected);
      }),
      { numRuns: 10_000 },
    );
  });

  it('a VERIFY split into CCID blocks of any size, any bSeq, never shows its PIN; its response comes through', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 4, maxLength: 60 }).map((pin) => pin.map((b) => (b % 0xf0) + 0x08)),
        fc.integer({ min: 1, max: 20 }),
        fc.nat(255),
        (pin, blockSize, firstSeq) => {
          const capture = new UsbCapture({ now: () => 0, redaction: VERIFY_DATA });
          const apdu = Uint8Array.from([0x00, 0x20, 0x00, 0x80, pin.length, ...pin]);
          const blocks: Uint8Array[] = [];
          for (let offset = 0; offset < apdu.length; offset += blockSize) blocks.push(apdu.subarray(offset, offset + blockSize));
          let seq = firstSeq;
          blocks.forEach((data, i) => {
            const last = i === blocks.length - 1;
            const levelParameter = blocks.length === 1 ? CHAIN.BeginsAndEnds : i === 0 ? CHAIN.BeginsAndContinues : last ? CHAIN.ContinuesAndEnds : CHAIN.Continues;
            capture.bulkOut(1, encodePcToRdr({ kind: 'XfrBlock', slot: 0, seq: seq & 0xff, bwi: 0, levelParameter, data }));
            const chainParameter = last ? 0 : CHAIN.ContinueResponse;
            const answer = last ? Uint8Array.of(0x63, 0xc2) : new Uint8Array(0);
            capture.bulkIn(2, encodeRdrToPc({ kind: 'DataBlock', slot: 0, seq: seq & 0xff, status: 0, error: 0, chainParameter, data: answer }));
            seq++;
          });
          const bytes = capture.toBytes();
          expect(has(bytes, pin.subarray(0, 4))).toBe(false);
          expect(has(bytes, Uint8Array.of(0x63, 0xc2))).toBe(true);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
