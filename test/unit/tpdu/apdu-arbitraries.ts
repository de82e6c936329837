/**
 * Random command APDUs for the differential tests (issue 11 §4): any case 1–4 APDU, short or extended, for T=1;
 * short APDUs that follow the reference card's INS directions for T=0 (ISO/IEC 7816-3 §12.1: the INS decides
 * whether P3 is Lc or Le).
 */
import fc from 'fast-check';
import { REFERENCE_OUTGOING } from './reference-card';

const header = fc.tuple(fc.integer({ min: 0, max: 0xfe }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }));

function encode(h: readonly number[], data: Uint8Array | null, le: number | null): Uint8Array {
  const extended = (data !== null && data.length > 255) || (le !== null && le > 256);
  const out = [...h];
  if (data) out.push(...(extended ? [0, data.length >> 8, data.length & 0xff] : [data.length]), ...data);
  if (le !== null) {
    const code = le === 65536 || (le === 256 && !extended) ? 0 : le;
    out.push(...(extended ? [...(data ? [] : [0]), (code >> 8) & 0xff, code & 0xff] : [code & 0xff]));
  }
  return Uint8Array.from(out);
}

/** Any case 1–4 APDU, short or extended (T=1 carries both). */
export const anyApdu = fc
  .tuple(
    header,
    fc.option(fc.uint8Array({ minLength: 1, maxLength: 600 })),
    fc.option(fc.oneof(fc.integer({ min: 1, max: 256 }), fc.integer({ min: 257, max: 65536 }))),
  )
  .map(([h, data, le]) => encode(h, data, le));

const incomingIns = fc.integer({ min: 0, max: 255 }).filter((ins) => !REFERENCE_OUTGOING.has(ins) && ins !== 0xc0 && (ins & 0xf0) !== 0x60 && (ins & 0xf0) !== 0x90);

/** Short APDUs as a T=0 card expects them: case 2 on outgoing INS, cases 1/3/4 on the others. */
export const t0Apdu = fc.oneof(
  fc.tuple(header, fc.constantFrom(...REFERENCE_OUTGOING), fc.integer({ min: 1, max: 256 })).map(([h, ins, le]) => encode([h[0], ins, h[2], h[3]], null, le)),
  fc
    .tuple(header, incomingIns, fc.option(fc.uint8Array({ minLength: 1, maxLength: 255 })), fc.option(fc.integer({ min: 1, max: 256 })))
    .map(([h, ins, data, le]) => encode([h[0], ins, h[2], h[3]], data, data ? le : null)),
);

