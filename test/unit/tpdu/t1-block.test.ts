import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeT1Block, describeT1Block, encodeT1Block, iBlock, R_ERROR, rBlock, S_BLOCK, sBlock, type T1Block,
} from '../../../src/tpdu/t1-block';
import { T1BlockFormatError } from '../../../src/tpdu/tpdu-errors';
import { hex, show } from './scripted-link';

describe('T=1 block codec (ISO/IEC 7816-3 §11.3)', () => {
  it('encodes the Annex A blocks byte for byte', () => {
    const select = hex('00A404000A457574777475364170 70');
    expect(show(encodeT1Block(iBlock(0, false, select), 'lrc'))).toBe('00000F00A404000A45757477747536417070E0');
    expect(show(encodeT1Block(rBlock(1), 'lrc'))).toBe('00900090');
    expect(show(encodeT1Block(rBlock(0, R_ERROR.Edc), 'lrc'))).toBe('00810081');
    expect(show(encodeT1Block(rBlock(0, R_ERROR.Other), 'lrc'))).toBe('00820082');
    expect(show(encodeT1Block(sBlock(S_BLOCK.Wtx, true, Uint8Array.of(2)), 'lrc'))).toBe('00E30102E0');
    expect(show(encodeT1Block(sBlock(S_BLOCK.Ifs, false, Uint8Array.of(10)), 'lrc'))).toBe('00C1010ACA');
    expect(show(encodeT1Block(sBlock(S_BLOCK.Resynch, false), 'lrc'))).toBe('00C000C0');
    // CRC value from Python's binascii.crc_hqx over the bit-reversed bytes, reversed back.
    expect(show(encodeT1Block(sBlock(S_BLOCK.Abort, true), 'crc'))).toBe('00E200E31A');
  });

  it('decodes I, R and S blocks', () => {
    expect(decodeT1Block(hex('0020057574777475 52'), 'lrc').block).toEqual(iBlock(0, true, hex('7574777475')));
    expect(decodeT1Block(hex('00900090'), 'lrc').block).toEqual(rBlock(1));
    expect(decodeT1Block(hex('00C30102C0'), 'lrc').block).toEqual(sBlock(S_BLOCK.Wtx, false, Uint8Array.of(2)));
    expect(describeT1Block(decodeT1Block(hex('00C30102C0'), 'lrc').block)).toBe('S(WTX req 02)');
  });

  it.each([
    ['00000290001F', 'bad-edc'],
    ['000290', 'too-short'],
    ['000003900093', 'length-mismatch'],
    ['00A000A0', 'reserved-pcb'], // R-block with b6 set
    ['00830083', 'reserved-pcb'], // R-block error code 3
    ['00C400C4', 'reserved-pcb'], // S-block function 4 (VPP error of 7816-3:1997)
    ['00C10100C0', 'bad-s-block'], // S(IFS request 00)
    ['00C30100C2', 'bad-s-block'], // S(WTX request 00)
    ['00C00100C1', 'bad-s-block'], // S(RESYNCH) with INF
    ['00810100 80', 'length-mismatch'], // R-block with INF
  ])('refuses %s as %s', (bytes, fault) => {
    const error = (() => {
      try {
        decodeT1Block(hex(bytes), 'lrc');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(T1BlockFormatError);
    expect((error as T1BlockFormatError).fault).toBe(fault);
  });

  it('refuses an INF longer than the receiver announced', () => {
    const block = encodeT1Block(iBlock(0, false, new Uint8Array(40)), 'lrc');
    expect(() => decodeT1Block(block, 'lrc', 32)).toThrow(T1BlockFormatError);
  });

  const anyBlock: fc.Arbitrary<T1Block> = fc.oneof(
    fc.record({ ns: fc.constantFrom<0 | 1>(0, 1), more: fc.boolean(), inf: fc.uint8Array({ maxLength: 254 }) }).map((b) => iBlock(b.ns, b.more, b.inf)),
    fc.record({ nr: fc.constantFrom<0 | 1>(0, 1), e: fc.constantFrom(R_ERROR.None, R_ERROR.Edc, R_ERROR.Other) }).map((b) => rBlock(b.nr, b.e)),
    fc.record({ response: fc.boolean(), v: fc.integer({ min: 1, max: 254 }) }).map((b) => sBlock(S_BLOCK.Ifs, b.response, Uint8Array.of(b.v))),
    fc.record({ response: fc.boolean(), v: fc.integer({ min: 1, max: 255 }) }).map((b) => sBlock(S_BLOCK.Wtx, b.response, Uint8Array.of(b.v))),
    fc.record({ response: fc.boolean(), t: fc.constantFrom(S_BLOCK.Resynch, S_BLOCK.Abort) }).map((b) => sBlock(b.t, b.response)),
  );

  it('decode(encode(block)) = block for LRC and CRC', () => {
    fc.assert(
      fc.property(anyBlock, fc.constantFrom<'lrc' | 'crc'>('lrc', 'crc'), (block, edc) => {
        expect(decodeT1Block(encodeT1Block(block, edc), edc)).toEqual({ nad: 0, block });
      }),
      { numRuns: 10_000 },
    );
  });

  it('any byte string decodes or throws T1BlockFormatError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 262 }), fc.constantFrom<'lrc' | 'crc'>('lrc', 'crc'), (bytes, edc) => {
        try {
          decodeT1Block(bytes, edc);
        } catch (error) {
          expect(error).toBeInstanceOf(T1BlockFormatError);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('every single-byte corruption of a valid block is detected (as a format or EDC error)', () => {
    fc.assert(
      fc.property(anyBlock, fc.constantFrom<'lrc' | 'crc'>('lrc', 'crc'), fc.nat(), fc.integer({ min: 1, max: 255 }), (block, edc, at, flip) => {
        const bytes = encodeT1Block(block, edc);
        const i = at % bytes.length;
        bytes[i] = (bytes[i] as number) ^ flip;
        expect(() => decodeT1Block(bytes, edc)).toThrow(T1BlockFormatError);
      }),
      { numRuns: 10_000 },
    );
  });
});
