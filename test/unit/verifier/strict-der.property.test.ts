import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStrictDer } from '../../../src/servers/verifier/strict-der';
import { buildLoginPki, type LoginPki } from './helpers/login-pki';

let pki: LoginPki;
beforeAll(() => {
  pki = buildLoginPki();
});
afterAll(() => pki.dir.remove());

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));

describe('strict DER check (X.690 §10–11)', () => {
  it('accepts the certificates OpenSSL writes (RSA, EC, SM2)', () => {
    for (const name of ['root', 'int', 'sm2-root', 'p256', 'rsa', 'p384', 'sm2', 'expired']) expect(isStrictDer(pki.der(name))).toBe(true);
  });

  it('refuses BER leniencies, trailing bytes and deep nesting', () => {
    expect(isStrictDer(hex('3003 020101'))).toBe(true);
    expect(isStrictDer(hex('3080 020101 0000'))).toBe(false); // indefinite length
    expect(isStrictDer(hex('308103 020101'))).toBe(false); // long form for a short length
    expect(isStrictDer(hex('30820003 020101'))).toBe(false); // leading zero length byte
    expect(isStrictDer(hex('3003 020101 00'))).toBe(false); // trailing byte
    expect(isStrictDer(hex('3003 010101'))).toBe(false); // BOOLEAN TRUE must be FF
    expect(isStrictDer(hex('3003 0101ff'))).toBe(true);
    expect(isStrictDer(hex('3004 02020001'))).toBe(false); // INTEGER with a needless leading zero
    expect(isStrictDer(hex('3004 0202ff80'))).toBe(false); // INTEGER with a needless leading FF
    expect(isStrictDer(hex('3004 02020080'))).toBe(true);
    expect(isStrictDer(hex('3002 0200'))).toBe(false); // empty INTEGER
    const deep = hex(`${'3002'.repeat(0)}${Array.from({ length: 30 }, (_, i) => `30${(2 * (29 - i)).toString(16).padStart(2, '0')}`).join('')}`);
    expect(isStrictDer(deep)).toBe(false);
    const cert = pki.der('p256');
    const trailing = new Uint8Array([...cert, 0]);
    expect(isStrictDer(trailing)).toBe(false);
  });

  it('never throws, on random and on mutated certificates (10,000 runs)', () => {
    const cert = pki.der('p256');
    const mutated = fc.array(fc.tuple(fc.nat(cert.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }).map((edits) => {
      const copy = cert.slice();
      for (const [at, value] of edits) copy[at] = value;
      return copy;
    });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated), (bytes) => {
      expect(typeof isStrictDer(bytes)).toBe('boolean');
    }), { numRuns: 10_000 });
  });
});
