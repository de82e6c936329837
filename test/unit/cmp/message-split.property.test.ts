// decodePkiMessage splits PKIMessage by its DER tags instead of parsing the whole tree with asn1-schema (issue 14
// §4). On every OpenSSL golden vector and on 10,000 mutations of them: whenever both it and the full schema parse
// read the bytes, they agree on header, body, protection and extraCerts byte for byte; it throws nothing but
// CmpDecodeError; and every golden vector decodes.
import 'reflect-metadata';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsnConvert } from '@peculiar/asn1-schema';
import { PkiHeader } from '../../../src/shared/cmp/asn1/header';
import { PkiMessageSchema } from '../../../src/shared/cmp/asn1/message';
import { CmpDecodeError } from '../../../src/shared/cmp/errors';
import { decodePkiMessage, type DecodedPkiMessage } from '../../../src/shared/cmp/message-codec';
import { readChildren, readTlv } from '../../../src/shared/pki/der-reader';
import { derVectorNames, vector } from './support/vectors';

const RUNS = 10_000;
const seeds = derVectorNames().map(vector);
const hex = (bytes: Uint8Array | ArrayBuffer): string => Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).toString('hex');

/** The fields as the whole-tree schema parse reads them (how decodePkiMessage read them before), or null. */
function fullParse(der: Uint8Array): { header: string; headerFields: string; body: string; protection?: string; extraCerts: string[] } | null {
  try {
    const schema = AsnConvert.parse(der, PkiMessageSchema);
    const extra = schema.extraCerts ? readTlv(new Uint8Array(schema.extraCerts)) : null;
    return {
      header: hex(schema.headerRaw!),
      headerFields: hex(AsnConvert.serialize(schema.header)),
      body: hex(schema.body),
      ...(schema.protection ? { protection: hex(schema.protection) } : {}),
      extraCerts: extra ? (readChildren(extra.content) ?? []).map((c) => hex(c.raw)) : [],
    };
  } catch {
    return null;
  }
}

function ours(der: Uint8Array): DecodedPkiMessage | null {
  try {
    return decodePkiMessage(der);
  } catch (error) {
    if (!(error instanceof CmpDecodeError)) throw error;
    return null;
  }
}

function agree(der: Uint8Array): void {
  const split = ours(der);
  const full = split ? fullParse(der) : null;
  if (!split || !full) return;
  expect(hex(split.raw.header)).toBe(full.header);
  expect(hex(AsnConvert.serialize(split.header))).toBe(full.headerFields);
  expect(hex(split.raw.body)).toBe(full.body);
  expect(split.protection ? hex(split.protection) : undefined).toBe(full.protection);
  expect(split.extraCerts.map(hex)).toEqual(full.extraCerts);
}

const mutated = fc
  .record({
    seed: fc.constantFrom(...seeds),
    edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 3 }),
    cut: fc.option(fc.record({ at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) })),
  })
  .map(({ seed, edits, cut }) => {
    let bytes = seed.slice();
    for (const edit of edits) bytes[edit.at % bytes.length] = edit.value;
    if (cut) {
      const at = cut.at % bytes.length;
      bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + cut.length)]);
    }
    return bytes;
  });

describe('PKIMessage split by DER tags', () => {
  it('decodes every golden vector as the full parser reads it', () => {
    expect(seeds.length).toBeGreaterThan(10);
    for (const seed of seeds) {
      expect(ours(seed)).not.toBeNull();
      expect(fullParse(seed)).not.toBeNull();
      agree(seed);
    }
  });

  it('agrees with the full parser or refuses with CmpDecodeError on 10,000 mutations', () => {
    fc.assert(fc.property(mutated, agree), { numRuns: RUNS });
  });

  it('keeps the header as an asn1-schema PkiHeader', () => {
    expect(decodePkiMessage(seeds[0]!).header).toBeInstanceOf(PkiHeader);
  });
});
