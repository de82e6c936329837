import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBerTlvs, encodeBerTlv } from '../../../src/virtual/virtual-token/ber-tlv';
import { parseCommand } from '../../../src/virtual/virtual-token/command-apdu';
import { VirtualCardStatusError } from '../../../src/virtual/virtual-token/errors';
import { h } from './card-helpers';

const RUNS = { numRuns: 10_000 };

/** Runs `parse`; a typed card error is a fine answer, anything else (RangeError, TypeError) fails the property. */
function typedOnly(parse: () => unknown, allowedSw: number): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof VirtualCardStatusError)) throw error;
    expect(error.sw).toBe(allowedSw);
  }
}

/** Tags as ISO 7816-4 §5.2 builds them: one byte (low bits ≠ 1F), or 1F-form with 1–2 subsequent bytes. */
const tagArb = fc.oneof(
  fc.integer({ min: 0x01, max: 0xff }).filter((t) => (t & 0x1f) !== 0x1f),
  fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0x1f, max: 0x7f })).map(([cls, second]) => ((cls << 5) | 0x1f) * 256 + second),
  fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0x81, max: 0xff }), fc.integer({ min: 0, max: 0x7f })).map(
    ([cls, second, third]) => ((cls << 5) | 0x1f) * 65536 + second * 256 + third,
  ),
);

describe('the card\'s own BER-TLV (ISO 7816-4 §5.2)', () => {
  it('decodes what it encodes, for every tag form and length form (fast-check)', () => {
    const item = fc.record({ tag: tagArb, value: fc.uint8Array({ maxLength: 300 }) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 4 }), (items) => {
        const bytes = Uint8Array.from(items.flatMap((i) => [...encodeBerTlv(i.tag, i.value)]));
        expect(decodeBerTlvs(bytes).map((t) => ({ tag: t.tag, value: t.value.slice() }))).toEqual(items);
      }),
      RUNS,
    );
  });

  it('answers any byte string with TLVs or 6A80, never another exception (fast-check)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => typedOnly(() => decodeBerTlvs(bytes), 0x6a80)), RUNS);
  });

  it('reads the encodings SP 800-73-4 uses, byte for byte', () => {
    expect(decodeBerTlvs(h('7F4903 860104'))).toEqual([{ tag: 0x7f49, value: h('860104') }]);
    expect(decodeBerTlvs(h('5C03 5FC105'))[0]!.value).toEqual(h('5FC105'));
    expect(decodeBerTlvs(h('5381 01 AA'))[0]!.value).toEqual(h('AA'));
    expect(decodeBerTlvs(h('538201 00' + '00'.repeat(256)))[0]!.value.length).toBe(256);
    expect([...encodeBerTlv(0x53, new Uint8Array(200)).subarray(0, 3)]).toEqual([0x53, 0x81, 200]);
    expect([...encodeBerTlv(0x5fc105, new Uint8Array(0))]).toEqual([0x5f, 0xc1, 0x05, 0x00]);
    expect(() => decodeBerTlvs(h('5380'))).toThrow(VirtualCardStatusError); // indefinite length
    expect(() => decodeBerTlvs(h('5F'))).toThrow(VirtualCardStatusError); // tag cut short
    expect(() => decodeBerTlvs(h('530201'))).toThrow(VirtualCardStatusError); // value cut short
  });
});

describe('the card\'s own command APDU parse (ISO 7816-4 §5.1)', () => {
  const header = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));

  it('recovers data and Ne from every short and extended case (fast-check)', () => {
    const body = fc.record({
      data: fc.uint8Array({ maxLength: 400 }),
      le: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
      extended: fc.boolean(),
    });
    fc.assert(
      fc.property(header, body, ([cla, ins, p1, p2], { data, le, extended }) => {
        const useExtended = extended || data.length > 255 || (le !== undefined && le > 256);
        const bytes: number[] = [cla, ins, p1, p2];
        if (useExtended && (data.length > 0 || le !== undefined)) bytes.push(0);
        if (data.length > 0) bytes.push(...(useExtended ? [data.length >> 8, data.length & 0xff] : [data.length]), ...data);
        if (le !== undefined) bytes.push(...(useExtended ? [(le >> 8) & 0xff, le & 0xff] : [le & 0xff]));
        const command = parseCommand(Uint8Array.from(bytes));
        expect([command.cla, command.ins, command.p1, command.p2]).toEqual([cla, ins, p1, p2]);
        expect(command.data).toEqual(data);
        expect(command.ne).toBe(le ?? 0);
        expect(command.extended).toBe(useExtended && (data.length > 0 || le !== undefined));
      }),
      RUNS,
    );
  });

  it('answers any byte string with a command or 6700, never another exception (fast-check)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => typedOnly(() => parseCommand(bytes), 0x6700)), RUNS);
  });

  it('refuses the length forms 7816-4 does not define', () => {
    for (const bad of ['00A404', '00A4040003A000', '00A404000000', '00A4040000000000', '00A4040000000201']) {
      expect(() => parseCommand(h(bad)), bad).toThrow(VirtualCardStatusError);
    }
    expect(parseCommand(h('00C0000000')).ne).toBe(256);
    expect(parseCommand(h('00CB3FFF000000')).ne).toBe(65536);
  });
});
