import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TlvError } from '../../../src/apdu/errors';
import { bytesEqual, fromHex, toHex } from '../../../src/apdu/hex';
import {
  decodeTlv,
  decodeTlvs,
  encodeTlv,
  encodeTlvs,
  findTlv,
  requireTlv,
  tagBytes,
  type Tlv,
} from '../../../src/apdu/tlv';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('BER-TLV vectors', () => {
  it('encodes a 3-byte PIV object tag with short, 81 and 82 lengths', () => {
    expect(toHex(encodeTlv(0x5c, fromHex('5FC105')))).toBe('5C035FC105');
    expect(toHex(encodeTlv(0x5fc105, Uint8Array.of(1, 2)))).toBe('5FC105020102');
    expect(toHex(encodeTlv(0x53, new Uint8Array(0x7f))).slice(0, 4)).toBe('537F');
    expect(toHex(encodeTlv(0x53, new Uint8Array(0x80))).slice(0, 6)).toBe('538180');
    expect(toHex(encodeTlv(0x53, new Uint8Array(0xff))).slice(0, 6)).toBe('5381FF');
    expect(toHex(encodeTlv(0x53, new Uint8Array(0x100))).slice(0, 8)).toBe('53820100');
    expect(toHex(encodeTlv(0x53, new Uint8Array(0x10000))).slice(0, 10)).toBe('5383010000');
    expect(toHex(encodeTlv(0x7f49, new Uint8Array(0)))).toBe('7F4900');
  });

  it('decodes a GET DATA response: 53 82 len { 70 cert, 71 certinfo, FE lrc }', () => {
    const cert = new Uint8Array(300).fill(0xab);
    const inner = encodeTlvs([
      [0x70, cert],
      [0x71, Uint8Array.of(0x00)],
      [0xfe, new Uint8Array(0)],
    ]);
    const outer = encodeTlv(0x53, inner);
    expect(toHex(outer.subarray(0, 8))).toBe('538201357082012C');
    const top = decodeTlv(outer);
    expect(top.tag).toBe(0x53);
    expect(top.constructed).toBe(false);
    const items = decodeTlvs(top.value);
    expect(items.map((t) => t.tag)).toEqual([0x70, 0x71, 0xfe]);
    expect(bytesEqual(requireTlv(items, 0x70).value, cert)).toBe(true);
    expect(findTlv(items, 0x72)).toBeUndefined();
    expect(() => requireTlv(items, 0x72)).toThrow(TlvError);
  });

  it('reads multi-byte tags and the constructed bit', () => {
    const [a, b] = decodeTlvs(fromHex('7F4903 860101 5FC10500'));
    expect(a).toMatchObject({ tag: 0x7f49, constructed: true });
    expect(decodeTlv(a!.value)).toMatchObject({ tag: 0x86 });
    expect(b).toMatchObject({ tag: 0x5fc105, constructed: false, value: new Uint8Array(0) });
    expect(decodeTlv(fromHex('1F81820300')).tag).toBe(0x1f818203);
  });

  it('accepts a non-minimal length (BER, not DER)', () => {
    expect(Array.from(decodeTlv(fromHex('53810105')).value)).toEqual([5]);
  });

  const malformed: ReadonlyArray<[string, string]> = [
    ['empty input for one TLV', ''],
    ['tag only', '53'],
    ['value past the end', '530301'],
    ['81 length past the end', '5381'],
    ['indefinite length', '538000'],
    ['4-byte length field', '538400000001'],
    ['multi-byte tag truncated', '5F'],
    ['multi-byte tag continuation truncated', '5FC1'],
    ['tag longer than 4 bytes', '1F8182838400'],
    ['first subsequent tag byte 80', '5F800100'],
    ['padding byte 00 as tag', '0000'],
    ['padding byte FF as tag', 'FF00'],
    ['trailing garbage', '530100' + '77'],
  ];
  for (const [what, hex] of malformed) {
    it(`rejects ${what} with TlvError`, () => {
      const e = thrown(() => decodeTlv(fromHex(hex)));
      expect(e).toBeInstanceOf(TlvError);
      expect((e as TlvError).name).toBe('TlvError');
    });
  }

  it('rejects invalid tags when encoding', () => {
    for (const tag of [0, -1, 0x1f, 0x5f, 0x5f80, 0x5fc1, 0xff, 0x100000000, 1.5, 0x0105]) {
      expect(thrown(() => encodeTlv(tag, new Uint8Array(0)))).toBeInstanceOf(TlvError);
    }
  });

  it('reports the failing offset', () => {
    const e = thrown(() => decodeTlvs(fromHex('5300 530201'))) as TlvError;
    expect(e.offset).toBe(4);
    expect(e.tag).toBe(0x53);
  });
});

/** Valid tags: 1-byte (not 00/FF, low bits ≠ 1F) and multi-byte forms up to 4 bytes. */
const validTag: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 1, max: 0xfe }).filter((b) => (b & 0x1f) !== 0x1f),
  fc
    .tuple(
      fc.integer({ min: 0, max: 6 }).map((c) => (c << 5) | 0x1f),
      fc.array(fc.integer({ min: 0x81, max: 0xff }), { maxLength: 2 }),
      fc.integer({ min: 0, max: 0x7f }),
    )
    .map(([first, middle, last]) => [first, ...middle, last].reduce((acc, b) => acc * 256 + b, 0)),
);

describe('BER-TLV properties', () => {
  it('encode → decode round-trips any list of valid TLVs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(validTag, fc.uint8Array({ maxLength: 300 })), { maxLength: 5 }), (items) => {
        const decoded = decodeTlvs(encodeTlvs(items));
        expect(decoded.map((t: Tlv) => t.tag)).toEqual(items.map(([tag]) => tag));
        decoded.forEach((t, i) => expect(bytesEqual(t.value, items[i]![1])).toBe(true));
        for (const [tag] of items) expect(tagBytes(tag).length).toBeLessThanOrEqual(4);
      }),
      { numRuns: 10_000 },
    );
  });

  it('random, mutated and truncated bytes give TLVs or TlvError, never anything else', () => {
    const encoded = fc
      .array(fc.tuple(validTag, fc.uint8Array({ maxLength: 40 })), { minLength: 1, maxLength: 4 })
      .map((items) => encodeTlvs(items));
    const mutated = fc
      .tuple(encoded, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat())
      .map(([bytes, at, value, cut]) => {
        const copy = bytes.slice();
        copy[at % copy.length] = value;
        return copy.subarray(0, bytes.length - (cut % 3));
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mutated), (bytes) => {
        try {
          const items = decodeTlvs(bytes);
          // Whatever decodes must account for every byte and stay inside the input.
          const total = items.reduce((n, t) => n + tagBytes(t.tag).length + t.value.length, 0);
          expect(total).toBeLessThanOrEqual(bytes.length);
        } catch (e) {
          expect(e).toBeInstanceOf(TlvError);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
