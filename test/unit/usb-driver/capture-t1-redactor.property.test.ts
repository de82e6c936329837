/**
 * Properties of the capture's T=1 redaction (10,000 runs each): arbitrary frames never throw and keep every
 * record's length; a VERIFY in I-blocks of any IFSC, with any block sent again (ISO/IEC 7816-3 §11.6.3 rule
 * 7.1), R-blocks in between or an S(RESYNCH) and a fresh start, never shows its PIN, and every block that held
 * PIN bytes has its EDC zeroed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeEdc } from '../../../src/tpdu/edc';
import type { RedactionPolicy } from '../../../src/shared/redaction/redaction-policy';
import { encodePcToRdr, encodeRdrToPc } from '../../../src/usb-driver/ccid-codec';
import { UsbCapture } from '../../../src/usb-driver/usbpcap';

const VERIFY_DATA: RedactionPolicy = {
  commandSecrets: (apdu) => (apdu[1] === 0x20 && apdu.length > 5 ? [{ start: 5, end: apdu.length }] : []),
  responseSecrets: () => [],
};
const RUNS = 10_000;
const has = (haystack: Uint8Array, needle: Uint8Array): boolean => Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0;

function block(pcb: number, inf: Uint8Array, crc: boolean): Uint8Array {
  const body = Uint8Array.from([0x00, pcb, inf.length, ...inf]);
  return Uint8Array.from([...body, ...computeEdc(crc ? 'crc' : 'lrc', body)]);
}
const xfr = (seq: number, data: Uint8Array): Uint8Array => encodePcToRdr({ kind: 'XfrBlock', slot: 0, seq: seq & 0xff, bwi: 0, levelParameter: 0, data });
const dataBlock = (seq: number, data: Uint8Array): Uint8Array =>
  encodeRdrToPc({ kind: 'DataBlock', slot: 0, seq: seq & 0xff, status: 0, error: 0, chainParameter: 0, data });

describe('T=1 capture redaction properties', () => {
  it('arbitrary frames in any order never throw and keep every record’s length', () => {
    const frame = fc.record({ out: fc.boolean(), bytes: fc.uint8Array({ maxLength: 40 }), type: fc.constantFrom(0x62, 0x6f, 0x80, 0x81) });
    fc.assert(
      fc.property(fc.boolean(), fc.array(frame, { maxLength: 12 }), (crc, frames) => {
        const capture = new UsbCapture({ now: () => 0, redaction: VERIFY_DATA });
        capture.useT1Framing(crc ? 'crc' : 'lrc');
        let expected = 24;
        for (const { out, bytes, type } of frames) {
          const data = bytes.length > 0 ? Uint8Array.from([type, ...bytes.subarray(1)]) : bytes;
          if (out) capture.bulkOut(1, data);
          else capture.bulkIn(2, data);
          expected += 2 * (16 + 27) + data.length;
        }
        expect(capture.toBytes().length).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('a VERIFY in I-blocks of any IFSC, with resends, R-blocks and RESYNCH, never shows its PIN or its EDC', () => {
    const pinArb = fc.uint8Array({ minLength: 4, maxLength: 40 }).map((pin) => pin.map((b) => (b % 0xf0) + 0x08));
    const events = fc.array(fc.constantFrom('resend', 'r-block', 'resynch', 'none'), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(pinArb, fc.integer({ min: 1, max: 254 }), fc.boolean(), events, (pin, ifsc, crc, plan) => {
        const capture = new UsbCapture({ now: () => 0, redaction: VERIFY_DATA });
        capture.useT1Framing(crc ? 'crc' : 'lrc');
        const apdu = Uint8Array.from([0x00, 0x20, 0x00, 0x80, pin.length, ...pin]);
        const infs: Uint8Array[] = [];
        for (let offset = 0; offset < apdu.length; offset += ifsc) infs.push(apdu.subarray(offset, offset + ifsc));
        let seq = 0;
        let ns = 0;
        const sent: { bytes: Uint8Array; offset: number }[] = [];
        const sendChain = (): void => {
          infs.forEach((inf, i) => {
            const more = i < infs.length - 1 ? 0x20 : 0;
            const bytes = block((ns << 6) | more, inf, crc);
            sent.push({ bytes, offset: i * ifsc });
            capture.bulkOut(1, xfr(seq, bytes));
            const event = plan[(seq + i) % plan.length];
            if (event === 'resend') capture.bulkOut(1, xfr(++seq, bytes));
            // The card acknowledges a chained block with R(N(R)); the last one gets the status word.
            capture.bulkIn(2, dataBlock(seq++, more ? block(0x80 | ((ns ^ 1) << 4), new Uint8Array(0), crc) : block(0x00, Uint8Array.of(0x90, 0x00), crc)));
            if (event === 'r-block') capture.bulkOut(1, xfr(seq++, block(0x81 | (ns << 4), new Uint8Array(0), crc)));
            ns ^= 1;
          });
        };
        sendChain();
        if (plan.includes('resynch')) {
          capture.bulkOut(1, xfr(seq, block(0xc0, new Uint8Array(0), crc)));
          capture.bulkIn(2, dataBlock(seq++, block(0xe0, new Uint8Array(0), crc)));
          ns = 0;
          sendChain();
        }
        const stored = capture.toBytes();
        for (let i = 0; i + 4 <= pin.length; i++) expect(has(stored, pin.subarray(i, i + 4))).toBe(false);
        // Every block that held PIN bytes is stored with those bytes and its EDC zeroed, the rest kept.
        for (const { bytes, offset } of sent) {
          const length = bytes[2] as number;
          if (offset + length <= 5) {
            expect(has(stored, bytes)).toBe(true);
            continue;
          }
          const masked = bytes.slice();
          masked.fill(0, 3 + Math.max(0, 5 - offset));
          expect(has(stored, masked)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
