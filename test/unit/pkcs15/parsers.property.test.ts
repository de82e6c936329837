/**
 * Every PKCS#15 parser (ISO 7816-15 §8 structures, EF.DIR, FCP, the DER splitter, the PIN encoder): on any
 * bytes it returns or throws a typed error — never TypeError/RangeError — and what the emulator's own DER
 * writer encodes, it decodes to the same fields. 10,000 runs each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotSupportedError } from '../../../src/shared/errors/common-errors';
import { contentsOf, splitDerElements } from '../../../src/cards/pkcs15/der-elements';
import { parseDir } from '../../../src/cards/pkcs15/dir';
import { parseAodf, parseCdf, parsePrkdf } from '../../../src/cards/pkcs15/directory-files';
import { Pkcs15DataError, Pkcs15PinFormatError } from '../../../src/cards/pkcs15/errors';
import { fileSizeFromFcp } from '../../../src/cards/pkcs15/fcp';
import { parseOdf } from '../../../src/cards/pkcs15/odf';
import { encodePin } from '../../../src/cards/pkcs15/pin-encoding';
import { parseTokenInfo } from '../../../src/cards/pkcs15/token-info';
import { boolean, der, enumerated, integer, integerContents, namedBits, octetString, sequence, utf8String } from '../../../src/virtual/pkcs15-card/der';
import { buildFileTree, type CardLayout } from '../../../src/virtual/pkcs15-card/layout';
import type { CardFile } from '../../../src/virtual/pkcs15-card/file-system';

const RUNS = 10_000;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

/** Tags the parsers look for, so generated input reaches past the outer DER. */
const TAGS = [0x01, 0x02, 0x03, 0x04, 0x0a, 0x0c, 0x30, 0x61, 0x4f, 0x50, 0x51, 0x62, 0x6f, 0x80, 0x81, 0x82, 0x83, 0xa0, 0xa1, 0xa4, 0xa5, 0xa8];

const derValue: fc.Arbitrary<Uint8Array> = fc.letrec<{ node: Uint8Array }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom(...TAGS), fc.uint8Array({ maxLength: 12 })).map(([tag, value]) => der(tag, value)),
    fc.tuple(fc.constantFrom(0x30, 0xa0, 0xa1, 0xa4, 0xa8, 0x61, 0x62), fc.array(tie('node'), { maxLength: 4 })).map(([tag, kids]) => der(tag, ...kids)),
  ),
})).node;

/** The emulator's real files (dummy certificates: the directory parsers never open them). */
function emulatorFiles(): Map<number, Uint8Array> {
  const layout: CardLayout = {
    serial: Uint8Array.of(1, 2, 3),
    label: 'L',
    pin: { label: 'PIN', authId: 1, reference: 0x81, minLength: 4, storedLength: 8, padChar: 0xff },
    keys: [
      { label: 'a', id: Uint8Array.of(0x45, 1), usage: [2], keyReference: 1, certificateFid: 0x4301, certificate: Uint8Array.of(0x30, 0) },
      { label: 'b', id: Uint8Array.of(0x45, 2), usage: [2, 9], keyReference: 2, certificateFid: 0x4302, certificate: Uint8Array.of(0x30, 0) },
    ],
    authorities: [{ label: 'ca', id: Uint8Array.of(0xca), fid: 0x4310, certificate: Uint8Array.of(0x30, 0) }],
  };
  const files = new Map<number, Uint8Array>();
  const walk = (file: CardFile): void => (file.kind === 'ef' ? void files.set(file.fid, file.data) : file.children.forEach(walk));
  walk(buildFileTree(layout));
  return files;
}
const FILES = emulatorFiles();

/** A real file with a few bytes changed, dropped or appended: input that gets deep into each schema. */
function mutated(fid: number): fc.Arbitrary<Uint8Array> {
  const original = FILES.get(fid)!;
  return fc
    .tuple(fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat(original.length), fc.uint8Array({ maxLength: 4 }))
    .map(([flips, cut, tail]) => {
      const bytes = original.slice(0, cut === 0 ? original.length : cut);
      for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
      return concat(bytes, tail);
    });
}

const cardBytes = (fid: number): fc.Arbitrary<Uint8Array> =>
  fc.oneof(fc.uint8Array({ maxLength: 80 }), fc.array(derValue, { maxLength: 4 }).map((parts) => concat(...parts)), mutated(fid));

function onlyTyped(parse: (input: Uint8Array) => unknown, allowed: ReadonlyArray<abstract new (...args: never[]) => Error> = [Pkcs15DataError]) {
  return (input: Uint8Array): void => {
    try {
      parse(input);
    } catch (error) {
      if (!allowed.some((cls) => error instanceof cls)) throw error;
    }
  };
}

describe('PKCS#15 parsers answer malformed input with Pkcs15DataError only', () => {
  it.each([
    ['EF.ODF', parseOdf, 0x5031],
    ['EF.TokenInfo', parseTokenInfo, 0x5032],
    ['EF.AODF', parseAodf, 0x4401],
    ['EF.PrKDF', parsePrkdf, 0x4402],
    ['EF.CDF', parseCdf, 0x4403],
    ['EF.DIR', parseDir, 0x2f00],
  ] as const)('%s', (_name, parse, fid) => {
    fc.assert(fc.property(cardBytes(fid), onlyTyped(parse)), { numRuns: RUNS });
  });

  it('the FCP size reader', () => {
    fc.assert(fc.property(cardBytes(0x4401), onlyTyped((b) => fileSizeFromFcp(b, 'x'))), { numRuns: RUNS });
  });

  it('the DER splitter: what it returns lies end to end at the start, and only padding follows', () => {
    fc.assert(
      fc.property(cardBytes(0x4403), (bytes) => {
        let parts;
        try {
          parts = splitDerElements(bytes, 'x');
        } catch (error) {
          expect(error).toBeInstanceOf(Pkcs15DataError);
          return;
        }
        const joined = concat(...parts.map((p) => p.bytes));
        expect(hex(bytes.subarray(0, joined.length))).toBe(hex(joined));
        const rest = bytes[joined.length];
        expect(rest === undefined || rest === 0x00 || rest === 0xff).toBe(true);
        for (const part of parts) expect(() => contentsOf(part, 'x')).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });
});

/**
 * Fields a later edition or a vendor adds after the ones the profile reads (ISO 7816-15 extends every one of
 * these SEQUENCEs with "..."): a time, a path, a context-tagged value. Their types differ from the optional
 * fields the profile declares, so they can only be read as what they are: extensions to skip.
 */
const extensions = fc.array(
  fc.constantFrom(
    der(0x18, new TextEncoder().encode('20261206000000Z')),
    sequence(octetString(Uint8Array.of(0x3f, 0x00, 0x50, 0x15))),
    der(0x85, Uint8Array.of(1, 2, 3)),
    der(0xa5, der(0x04, Uint8Array.of(7))),
  ),
  { maxLength: 2 },
);

describe('what the emulator writes, the profile reads back (round trips)', () => {
  it('the DER splitter returns the values written, whatever padding follows', () => {
    fc.assert(
      fc.property(fc.array(derValue, { maxLength: 6 }), fc.constantFrom(0x00, 0xff), fc.nat(8), (values, pad, padLength) => {
        const parts = splitDerElements(concat(...values, new Uint8Array(padLength).fill(pad)), 'x');
        expect(parts.map((p) => hex(p.bytes))).toEqual(values.filter((v) => v[0] !== 0x00).map(hex));
      }),
      { numRuns: RUNS },
    );
  });

  const fid = fc.integer({ min: 0x0001, max: 0xfffe }).filter((f) => f !== 0x3f00);
  const pathBytes = fc.array(fid, { minLength: 1, maxLength: 4 }).map((fids) => Uint8Array.from(fids.flatMap((f) => [f >> 8, f & 0xff])));

  it('EF.ODF: private keys [0], certificates [4] and auth objects [8] with their paths, in order; others skipped', () => {
    const entry = fc.tuple(fc.constantFrom(0xa0, 0xa1, 0xa4, 0xa5, 0xa7, 0xa8), pathBytes);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
        const odf = parseOdf(concat(...entries.map(([tag, path]) => der(tag, sequence(octetString(path))))));
        const paths = (tag: number): string[] => entries.filter(([t]) => t === tag).map(([, p]) => hex(p));
        expect(odf.privateKeys.map((p) => hex(p.path))).toEqual(paths(0xa0));
        expect(odf.certificates.map((p) => hex(p.path))).toEqual(paths(0xa4));
        expect(odf.authObjects.map((p) => hex(p.path))).toEqual(paths(0xa8));
      }),
      { numRuns: RUNS },
    );
  });

  it('EF.AODF: the PIN attributes, whatever extension fields follow', () => {
    const pin = fc.record({
      label: fc.string({ maxLength: 8 }),
      authId: fc.uint8Array({ minLength: 1, maxLength: 4 }),
      flags: fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { maxLength: 6 }),
      pinType: fc.integer({ min: 0, max: 4 }),
      minLength: fc.integer({ min: 0, max: 255 }),
      storedLength: fc.integer({ min: 0, max: 255 }),
      maxLength: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
      reference: fc.integer({ min: 0, max: 255 }),
      padChar: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
      ext: extensions,
      objectExt: extensions,
      authExt: extensions,
    });
    fc.assert(
      fc.property(fc.array(pin, { minLength: 1, maxLength: 3 }), (pins) => {
        const bytes = concat(...pins.map((p) => sequence(
          sequence(utf8String(p.label), ...p.objectExt),
          sequence(octetString(p.authId), ...p.authExt),
          der(0xa1, sequence(
            namedBits(...p.flags), enumerated(p.pinType), integer(p.minLength), integer(p.storedLength),
            ...(p.maxLength === undefined ? [] : [integer(p.maxLength)]),
            der(0x80, integerContents(p.reference)),
            ...(p.padChar === undefined ? [] : [octetString(Uint8Array.of(p.padChar))]),
            ...p.ext,
          )),
        )));
        expect(parseAodf(bytes)).toEqual(pins.map((p) => ({
          label: p.label,
          authId: hex(p.authId),
          flags: p.flags.reduce((acc, bit) => acc | (1 << bit), 0),
          pinType: p.pinType,
          minLength: p.minLength,
          storedLength: p.storedLength,
          maxLength: p.maxLength ?? null,
          reference: p.reference,
          padChar: p.padChar ?? null,
        })));
      }),
      { numRuns: RUNS },
    );
  });

  it('EF.PrKDF: iD, usage, keyReference and authId of RSA ([none]) and EC ([0]) keys, whatever extension fields follow', () => {
    const key = fc.record({
      ec: fc.boolean(),
      id: fc.uint8Array({ minLength: 1, maxLength: 20 }),
      usage: fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 5 }),
      keyReference: fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
      authId: fc.option(fc.uint8Array({ minLength: 1, maxLength: 2 }), { nil: undefined }),
      ext: extensions,
    });
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 3 }), pathBytes, (keys, path) => {
        const bytes = concat(...keys.map((k) => der(k.ec ? 0xa0 : 0x30,
          sequence(utf8String('k'), namedBits(0), ...(k.authId ? [octetString(k.authId)] : [])),
          sequence(octetString(k.id), namedBits(...k.usage), ...(k.keyReference === undefined ? [] : [integer(k.keyReference)]), ...k.ext),
          der(0xa1, sequence(sequence(octetString(path)))),
        )));
        expect(parsePrkdf(bytes)).toEqual(keys.map((k) => ({
          label: 'k',
          id: hex(k.id),
          usage: k.usage.reduce((acc, bit) => acc | (1 << bit), 0),
          keyReference: k.keyReference ?? null,
          authId: k.authId ? hex(k.authId) : null,
        })));
      }),
      { numRuns: RUNS },
    );
  });

  it('EF.CDF: iD, authority and the certificate path (index/length included) or direct value, whatever extension fields follow', () => {
    const cert = fc.record({
      id: fc.uint8Array({ minLength: 1, maxLength: 20 }),
      authority: fc.option(fc.boolean(), { nil: undefined }),
      path: pathBytes,
      part: fc.option(fc.tuple(fc.nat(0x7fff), fc.nat(0x7fff)), { nil: undefined }),
      direct: fc.option(fc.uint8Array({ maxLength: 40 }).map((b) => sequence(octetString(b))), { nil: undefined }),
      ext: extensions,
      x509Ext: extensions,
    });
    fc.assert(
      fc.property(fc.array(cert, { maxLength: 3 }), (certs) => {
        const value = (c: (typeof certs)[number]): Uint8Array =>
          c.direct ? der(0xa0, c.direct) : sequence(octetString(c.path), ...(c.part ? [integer(c.part[0]), der(0x80, integerContents(c.part[1]))] : []));
        const bytes = concat(...certs.map((c) => sequence(
          sequence(utf8String('c')),
          sequence(octetString(c.id), ...(c.authority === undefined ? [] : [boolean(c.authority)]), ...c.ext),
          der(0xa1, sequence(value(c), ...c.x509Ext)),
        )));
        const parsed = parseCdf(bytes);
        expect(parsed.map((c) => [c.id, c.authority])).toEqual(certs.map((c) => [hex(c.id), c.authority ?? false]));
        parsed.forEach((p, i) => {
          const c = certs[i]!;
          if (c.direct) expect(p.value).toEqual({ kind: 'direct', der: c.direct });
          else expect(p.value).toEqual({ kind: 'path', where: { path: c.path, index: c.part?.[0] ?? null, length: c.part?.[1] ?? null } });
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('EF.TokenInfo: the serial number as hex and the label, whatever extension fields follow', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), fc.option(fc.string({ maxLength: 12 }), { nil: undefined }), extensions, (serial, label, ext) => {
        const bytes = sequence(integer(0), octetString(serial), utf8String('m'), ...(label === undefined ? [] : [der(0x80, new TextEncoder().encode(label))]), namedBits(0), ...ext);
        expect(parseTokenInfo(bytes)).toEqual({ serialHex: hex(serial), manufacturer: 'm', label: label ?? null });
      }),
      { numRuns: RUNS },
    );
  });

  it('EF.DIR: AID, label and path of each application template', () => {
    const app = fc.record({ aid: fc.uint8Array({ minLength: 1, maxLength: 16 }), label: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), path: fc.option(pathBytes, { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(app, { maxLength: 3 }), (apps) => {
        const bytes = concat(...apps.map((a) => der(0x61, der(0x4f, a.aid), ...(a.label === undefined ? [] : [der(0x50, new TextEncoder().encode(a.label))]), ...(a.path ? [der(0x51, a.path)] : []))));
        expect(parseDir(bytes)).toEqual(apps.map((a) => ({ aid: a.aid, label: a.label ?? null, path: a.path ?? null })));
      }),
      { numRuns: RUNS },
    );
  });

  it('FCP / FCI: the size in 80 (or 81)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0x62, 0x6f), fc.constantFrom(0x80, 0x81), (size, template, tag) => {
        const answer = der(template, der(0x82, Uint8Array.of(1)), der(tag, Uint8Array.of(size >> 8, size & 0xff)), der(0x83, Uint8Array.of(0x50, 0x31)));
        expect(fileSizeFromFcp(answer, 'x')).toBe(size);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the PIN encoder follows the AODF or refuses with a typed error', () => {
  it('pads, packs or refuses — never truncates', () => {
    const info = fc.record({
      label: fc.constant(null),
      authId: fc.constant(null),
      flags: fc.constantFrom(0, 1 << 5),
      pinType: fc.integer({ min: 0, max: 5 }),
      minLength: fc.integer({ min: 0, max: 10 }),
      storedLength: fc.integer({ min: 0, max: 12 }),
      maxLength: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
      reference: fc.constant(0x81),
      padChar: fc.option(fc.integer({ min: 0, max: 255 }), { nil: null }),
    });
    fc.assert(
      fc.property(info, fc.oneof(fc.stringMatching(/^[0-9]{0,14}$/), fc.string({ maxLength: 14 })), (attrs, pin) => {
        let out: Uint8Array;
        try {
          out = encodePin(pin, attrs);
        } catch (error) {
          expect([Pkcs15PinFormatError, NotSupportedError].some((cls) => error instanceof cls)).toBe(true);
          return;
        }
        const padded = attrs.flags !== 0;
        expect(pin.length).toBeGreaterThan(0); // an empty VERIFY would be a status query, not a PIN
        if (attrs.pinType === 0) {
          // Digits two per byte, an odd count closed with an F nibble, then padChar (FF by default) to storedLength.
          const packed = Buffer.from(pin.length % 2 ? `${pin}f` : pin, 'hex');
          const expected = padded && packed.length < attrs.storedLength ? concat(packed, new Uint8Array(attrs.storedLength - packed.length).fill(attrs.padChar ?? 0xff)) : packed;
          expect(hex(out)).toBe(hex(expected));
        } else {
          const bytes = attrs.pinType === 2 ? new TextEncoder().encode(pin) : Uint8Array.from(pin, (c) => c.charCodeAt(0));
          expect(hex(out.subarray(0, bytes.length))).toBe(hex(bytes));
          if (padded && bytes.length < attrs.storedLength) expect(out.length).toBe(attrs.storedLength);
          else expect(out.length).toBe(bytes.length);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
