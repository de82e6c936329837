import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStrictJson, StrictJsonError } from '../../../src/servers/verifier/strict-json';

const RUNS = { numRuns: 10_000 };
const json = fc.jsonValue({ maxDepth: 3 });

describe('strict JSON parser (RFC 8259, duplicate keys refused)', () => {
  it('reads what JSON.stringify writes exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = JSON.stringify(value);
        expect(parseStrictJson(text, 10)).toStrictEqual(JSON.parse(text));
      }),
      RUNS,
    );
  });

  it('throws only StrictJsonError on arbitrary and mutated text', () => {
    const mutated = fc.tuple(json, fc.nat(), fc.string({ maxLength: 3 })).map(([value, at, insert]) => {
      const text = JSON.stringify(value) ?? '';
      const i = text.length === 0 ? 0 : at % text.length;
      return text.slice(0, i) + insert + text.slice(i + 1);
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), mutated), (text) => {
        try {
          const value = parseStrictJson(text, 10);
          expect(value).toStrictEqual(JSON.parse(text)); // whenever we accept, JSON.parse agrees
        } catch (error) {
          expect(error).toBeInstanceOf(StrictJsonError);
        }
      }),
      RUNS,
    );
  });

  it('refuses duplicate keys, deep nesting and lone surrogates; keeps __proto__ as data', () => {
    expect(() => parseStrictJson('{"a":1,"a":2}')).toThrow(expect.objectContaining({ problem: 'duplicate-key' }));
    expect(() => parseStrictJson('{"a":1,"\\u0061":2}')).toThrow(expect.objectContaining({ problem: 'duplicate-key' }));
    expect(() => parseStrictJson('[[[[[1]]]]]', 4)).toThrow(expect.objectContaining({ problem: 'too-deep' }));
    expect(() => parseStrictJson('"\\ud800"')).toThrow(StrictJsonError);
    expect(() => parseStrictJson('"\\udc00x"')).toThrow(StrictJsonError);
    expect(parseStrictJson('"\\ud83d\\ude00"')).toBe('😀');
    const value = parseStrictJson('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });
});
