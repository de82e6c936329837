import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand, type CommandApdu } from '../../../src/apdu/command';
import { MalformedApduError } from '../../../src/apdu/errors';
import { bytesEqual, fromHex, toHex } from '../../../src/apdu/hex';

const SELECT = { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00 };
const AID = fromHex('A000000308');

describe('encodeCommand — ISO 7816-4 §5.1 cases', () => {
  const short = { extended: false };
  const ext = { extended: true };
  it('case 1', () => {
    expect(toHex(encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: 0x80 }, short))).toBe('00200080');
    expect(toHex(encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: 0x80 }, ext))).toBe('00200080');
  });
  it('case 2 short and extended', () => {
    expect(toHex(encodeCommand({ ...SELECT, le: 0x10 }, short))).toBe('00A4040010');
    expect(toHex(encodeCommand({ ...SELECT, le: 256 }, short))).toBe('00A4040000');
    expect(toHex(encodeCommand({ ...SELECT, le: 0 }, short))).toBe('00A4040000');
    expect(toHex(encodeCommand({ ...SELECT, le: 0 }, ext))).toBe('00A4040000' + '0000');
    expect(toHex(encodeCommand({ ...SELECT, le: 0x10 }, ext))).toBe('00A4040010');
    expect(toHex(encodeCommand({ ...SELECT, le: 257 }, ext))).toBe('00A40400000101');
    expect(toHex(encodeCommand({ ...SELECT, le: 65536 }, ext))).toBe('00A40400000000');
  });
  it('case 3 short and extended', () => {
    expect(toHex(encodeCommand({ ...SELECT, data: AID }, short))).toBe('00A4040005A000000308');
    const big = new Uint8Array(256).fill(0x11);
    expect(toHex(encodeCommand({ ...SELECT, data: big }, ext))).toBe('00A40400000100' + '11'.repeat(256));
  });
  it('case 4 short and extended', () => {
    expect(toHex(encodeCommand({ ...SELECT, data: AID, le: 0 }, short))).toBe('00A4040005A00000030800');
    expect(toHex(encodeCommand({ ...SELECT, data: AID, le: 0 }, ext))).toBe('00A404000000 05A000000308 0000'.replace(/ /g, ''));
    const big = new Uint8Array(300).fill(0x22);
    expect(toHex(encodeCommand({ ...SELECT, data: big, le: 256 }, ext))).toBe('00A4040000012C' + '22'.repeat(300) + '0100');
  });
  it('refuses what a short link cannot carry, and invalid fields, with MalformedApduError', () => {
    const bad: CommandApdu[] = [
      { ...SELECT, data: new Uint8Array(256) },
      { ...SELECT, le: 257 },
      { ...SELECT, cla: 256 },
      { ...SELECT, p1: -1 },
      { ...SELECT, le: 1.5 },
      { ...SELECT, le: 65537 },
    ];
    for (const cmd of bad) expect(() => encodeCommand(cmd, { extended: false })).toThrow(MalformedApduError);
    expect(() => encodeCommand({ ...SELECT, data: new Uint8Array(65536) }, { extended: true })).toThrow(
      MalformedApduError,
    );
  });
});

describe('decodeCommand', () => {
  it('decodes every case and reports Le 00 as 256 and 0000 as 65536', () => {
    expect(decodeCommand(fromHex('00200080'))).toEqual({ cla: 0, ins: 0x20, p1: 0, p2: 0x80 });
    expect(decodeCommand(fromHex('00A4040000'))).toEqual({ ...SELECT, le: 256 });
    expect(decodeCommand(fromHex('00A40400000000'))).toEqual({ ...SELECT, le: 65536 });
    expect(decodeCommand(fromHex('00A40400000123'))).toEqual({ ...SELECT, le: 0x123 });
    expect(decodeCommand(fromHex('00A4040005A000000308'))).toEqual({ ...SELECT, data: AID });
    expect(decodeCommand(fromHex('00A4040005A00000030807'))).toEqual({ ...SELECT, data: AID, le: 7 });
    expect(decodeCommand(fromHex('00A4040000 0005 A000000308'))).toEqual({ ...SELECT, data: AID });
    expect(decodeCommand(fromHex('00A4040000 0005 A000000308 0000'))).toEqual({ ...SELECT, data: AID, le: 65536 });
  });
  const bad: ReadonlyArray<[string, string]> = [
    ['too short', '00A404'],
    ['short Lc beyond the data', '00A4040005A0000003'],
    ['short Lc with two trailing bytes', '00A4040001AA0000'],
    ['truncated extended length', '00A404000001'],
    ['extended Lc of zero', '00A4040000000000'],
    ['extended Lc beyond the data', '00A40400000005A0'],
    ['extended Lc with one trailing byte', '00A40400000001AA00'],
  ];
  for (const [what, hex] of bad) {
    it(`rejects ${what}`, () => expect(() => decodeCommand(fromHex(hex))).toThrow(MalformedApduError));
  }
});

const byte = fc.integer({ min: 0, max: 255 });
const commandArb: fc.Arbitrary<CommandApdu> = fc.record(
  {
    cla: byte,
    ins: byte,
    p1: byte,
    p2: byte,
    data: fc.uint8Array({ minLength: 1, maxLength: 400 }),
    le: fc.integer({ min: 0, max: 65536 }),
  },
  { requiredKeys: ['cla', 'ins', 'p1', 'p2'] },
);

/** What decode should give back: Le 0 means the maximum of the form that was chosen. */
function expected(cmd: CommandApdu, encoded: Uint8Array): CommandApdu {
  if (cmd.le === undefined || cmd.le !== 0) return cmd;
  const extendedForm = encoded.length > 4 && encoded[4] === 0 && encoded.length > 5;
  return { ...cmd, le: extendedForm ? 65536 : 256 };
}

describe('command properties', () => {
  it('encode → decode round-trips (short where it fits, extended otherwise)', () => {
    fc.assert(
      fc.property(commandArb, fc.boolean(), (cmd, extended) => {
        let encoded: Uint8Array;
        try {
          encoded = encodeCommand(cmd, { extended });
        } catch (e) {
          // Only a short link may refuse, and only a command that needs the extended form.
          expect(e).toBeInstanceOf(MalformedApduError);
          expect(extended).toBe(false);
          expect((cmd.data?.length ?? 0) > 255 || (cmd.le ?? 0) > 256).toBe(true);
          return;
        }
        const decoded = decodeCommand(encoded);
        const want = expected(cmd, encoded);
        expect({ ...decoded, data: undefined }).toEqual({ ...want, data: undefined });
        expect(bytesEqual(decoded.data ?? new Uint8Array(0), cmd.data ?? new Uint8Array(0))).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('random, mutated and truncated bytes give a command or MalformedApduError, and re-encode to the same command', () => {
    const mutated = fc
      .tuple(commandArb, fc.nat(), byte, fc.nat())
      .map(([cmd, at, value, cut]) => {
        const bytes = encodeCommand(cmd, { extended: true }).slice();
        bytes[at % bytes.length] = value;
        return bytes.subarray(0, bytes.length - (cut % 4));
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 24 }), mutated), (bytes) => {
        let decoded: CommandApdu;
        try {
          decoded = decodeCommand(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(MalformedApduError);
          return;
        }
        // What was read re-encodes to an equal command; short-form input even to the same bytes (the encoder
        // prefers the short form, so an extended encoding of a small command comes back short).
        expect(decodeCommand(encodeCommand(decoded, { extended: true }))).toEqual(decoded);
        const shortForm = bytes.length <= 5 || bytes[4] !== 0;
        if (shortForm) expect(toHex(encodeCommand(decoded, { extended: false }))).toBe(toHex(bytes));
      }),
      { numRuns: 10_000 },
    );
  });
});
