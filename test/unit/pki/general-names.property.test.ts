/**
 * The GeneralName / nameConstraints / subjectAltName readers (general-names.ts) on arbitrary and on well-formed
 * DER: they return names or throw CertificateParseError, never anything else, and read back what was encoded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertificateParseError } from '../../../src/shared/pki/errors';
import { readGeneralNames, readNameConstraints } from '../../../src/shared/pki/general-names';

const RUNS = 10_000;

function tlv(tag: number, body: Uint8Array): Uint8Array {
  const length = body.length < 0x80 ? [body.length] : body.length < 0x100 ? [0x81, body.length] : [0x82, body.length >> 8, body.length & 0xff];
  return new Uint8Array([tag, ...length, ...body]);
}
const concat = (parts: readonly Uint8Array[]): Uint8Array => new Uint8Array(parts.flatMap((p) => [...p]));

function typedOnly(read: () => unknown): void {
  try {
    read();
  } catch (error) {
    if (!(error instanceof CertificateParseError)) throw error;
  }
}

const ascii = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789.-@'.split('')), minLength: 1, maxLength: 40 });
const name = fc.oneof(
  ascii.map((value) => ({ kind: 'dNSName' as const, value })),
  ascii.map((value) => ({ kind: 'rfc822Name' as const, value })),
  fc.uint8Array({ minLength: 4, maxLength: 4 }).map((bytes) => ({ kind: 'iPAddress' as const, bytes })),
);
type Name = typeof name extends fc.Arbitrary<infer T> ? T : never;
const encode = (n: Name): Uint8Array =>
  n.kind === 'iPAddress' ? tlv(0x87, n.bytes) : tlv(n.kind === 'dNSName' ? 0x82 : 0x81, new TextEncoder().encode(n.value));

describe('general-names readers', () => {
  it(`subjectAltName on ${RUNS} arbitrary byte strings throws only CertificateParseError`, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => typedOnly(() => readGeneralNames(bytes, 'subjectAltName'))), { numRuns: RUNS });
  });

  it(`nameConstraints on ${RUNS} mutated encodings throws only CertificateParseError`, () => {
    const good = tlv(0x30, concat([tlv(0xa0, tlv(0x30, tlv(0x82, new TextEncoder().encode('example.cn')))), tlv(0xa1, tlv(0x30, tlv(0x87, new Uint8Array(8))))]));
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(good.length), (at, value, cut) => {
        const bytes = good.slice(0, Math.max(cut, 1));
        if (at < bytes.length) bytes[at] = value;
        typedOnly(() => readNameConstraints(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it(`reads back ${RUNS} encoded GeneralNames`, () => {
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 5 }), (names) => {
        const read = readGeneralNames(tlv(0x30, concat(names.map(encode))), 'subjectAltName');
        expect(read).toEqual(names);
      }),
      { numRuns: RUNS },
    );
  });
});
