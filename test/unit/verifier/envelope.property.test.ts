import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildClientDataJson } from '../../../src/shared/signin/client-data';
import { checkClientData } from '../../../src/servers/verifier/client-data-check';
import { decodeEnvelope } from '../../../src/servers/verifier/envelope-parser';
import { LoginVerificationError } from '../../../src/servers/verifier/errors';

const RUNS = { numRuns: 10_000 };
const ORIGIN = 'https://portal.example.cn';
const CHALLENGE = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const canonical = buildClientDataJson({ challenge: CHALLENGE, origin: ORIGIN, iat: 1, certHash: 'A'.repeat(43), agent: 'https://u.cn/v1', rpData: 'r' });
const good = { v: 1, fmt: 'raw', alg: 'ES256', clientDataJSON: Buffer.from(canonical).toString('base64url'), signature: 'MAA', cert: 'MAA=', chain: [] };

const onlyTyped = (run: () => unknown): void => {
  try {
    run();
  } catch (error) {
    if (!(error instanceof LoginVerificationError)) throw error;
  }
};

describe('envelope and clientDataJSON readers throw only LoginVerificationError', () => {
  it('on arbitrary values, texts and near-valid envelopes', () => {
    const field = fc.oneof(fc.anything(), fc.string(), fc.base64String());
    const near = fc.record({ v: fc.oneof(fc.constant(1), field), fmt: fc.oneof(fc.constant('raw'), field), alg: fc.constantFrom('ES256', 'RS1', 'none'),
      clientDataJSON: field, signature: field, cert: field, chain: fc.oneof(fc.array(field, { maxLength: 7 }), field) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), near, near.map((n) => JSON.stringify(n))), (response) => onlyTyped(() => decodeEnvelope(response))),
      RUNS,
    );
    expect(decodeEnvelope(good).alg).toBe('ES256');
  });

  it('on mutated clientDataJSON bytes', () => {
    const bytes = new TextEncoder().encode(canonical);
    expect(checkClientData(bytes, [ORIGIN]).rpData).toBe('r');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), (edits) => {
        const copy = bytes.slice();
        for (const [at, value] of edits) copy[at] = value;
        onlyTyped(() => checkClientData(copy, [ORIGIN]));
      }),
      RUNS,
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (random) => onlyTyped(() => checkClientData(random, [ORIGIN]))), RUNS);
  });
});
