import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTlv } from '../../../src/apdu/tlv';
import { NotSupportedError } from '../../../src/shared/errors/common-errors';
import { Algorithm } from '../../../src/cards/piv/constants';
import { parseCcc, parseChuid, parseDiscovery, parseKeyHistory } from '../../../src/cards/piv/discovery';
import { PivDataError } from '../../../src/cards/piv/errors';
import { publicKeyTemplateToSpki } from '../../../src/cards/piv/keys';
import { decodeCertificateObject, unwrapObject } from '../../../src/cards/piv/objects';
import { algorithmFromCertificate } from '../../../src/cards/piv/slot-algorithm';
import { parseMetadata } from '../../../src/cards/piv/yubikey';

const RUNS = 10_000;
/** Tags the parsers look for, so generated input reaches past the TLV decoder. */
const TAGS = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x30, 0x34, 0x35, 0x3e, 0x4f, 0x70, 0x71, 0x72, 0x81, 0x82, 0x86, 0xc1, 0xc2, 0xf0, 0xf1, 0xf3, 0xfe, 0x5f2f];

/** Random bytes, or TLV sequences of known tags with random values, optionally with random noise appended. */
const cardBytes = fc.oneof(
  fc.uint8Array({ maxLength: 80 }),
  fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...TAGS), fc.uint8Array({ maxLength: 70 })), { maxLength: 5 }),
      fc.uint8Array({ maxLength: 3 }),
    )
    .map(([items, noise]) => new Uint8Array([...items.flatMap(([tag, value]) => [...encodeTlv(tag, value)]), ...noise])),
);

/** Runs `parse`; passes when it returns or throws one of `allowed`, fails on TypeError/RangeError etc. */
function onlyTyped(parse: (input: Uint8Array) => unknown, allowed: ReadonlyArray<abstract new (...args: never[]) => Error> = [PivDataError]) {
  return (input: Uint8Array): void => {
    try {
      parse(input);
    } catch (error) {
      if (!allowed.some((cls) => error instanceof cls)) throw error;
    }
  };
}

describe('PIV parsers answer malformed input with a typed error only', () => {
  it.each([
    ['Discovery', parseDiscovery],
    ['CHUID', parseChuid],
    ['CCC', parseCcc],
    ['Key History', parseKeyHistory],
    ['GET METADATA', parseMetadata],
    ['GET DATA wrapper', (b: Uint8Array) => unwrapObject(b, 't')],
    ['EC P-256 template', (b: Uint8Array) => publicKeyTemplateToSpki(Algorithm.ECC_P256, b, 't')],
    ['RSA-2048 template', (b: Uint8Array) => publicKeyTemplateToSpki(Algorithm.RSA_2048, b, 't')],
  ] as const)('%s', (_name, parse) => {
    fc.assert(fc.property(cardBytes, onlyTyped(parse)), { numRuns: RUNS });
  });

  it('certificate key algorithm', () => {
    const der = fc.oneof(cardBytes, cardBytes.map((b) => encodeTlv(0x30, encodeTlv(0x30, b))));
    fc.assert(fc.property(der, onlyTyped((b) => algorithmFromCertificate(b, '9A'), [PivDataError, NotSupportedError])), { numRuns: RUNS });
  });

  it('certificate object (with gzip flag)', async () => {
    const content = fc.oneof(
      cardBytes,
      fc.tuple(fc.uint8Array({ maxLength: 60 }), fc.integer({ min: 0, max: 255 })).map(([body, info]) =>
        new Uint8Array([...encodeTlv(0x70, body), ...encodeTlv(0x71, Uint8Array.of(info))]),
      ),
    );
    await fc.assert(
      fc.asyncProperty(content, async (bytes) => {
        const result = await decodeCertificateObject(bytes, 't').catch((error: unknown) => {
          expect(error).toBeInstanceOf(PivDataError);
          return null;
        });
        if (result !== null) expect(result).toBeInstanceOf(Uint8Array);
      }),
      { numRuns: RUNS },
    );
  });
});
