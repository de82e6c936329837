// Which CA answers mean "your queued request came too late" (issue 15 §3): the reference CA's own protected error
// with failInfo badTime, as it sends when a request is older than its message window. Other refusals and bytes
// that are not CMP are not; random and mutated input never throws (fast-check, 10,000 runs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCa } from '../../../src/servers/ca-server/demo-material';
import { ResponseBuilder } from '../../../src/servers/ca-server/responses';
import { refusedAsLate } from '../../../src/ui/renewal/late-answer';

const dir = mkdtempSync(join(tmpdir(), 'ukey-late-answer-'));
let late: Uint8Array;
let badPop: Uint8Array;

beforeAll(async () => {
  const responses = new ResponseBuilder(await loadDemoCa(dir));
  const context = { transactionId: new Uint8Array(16).fill(7), senderNonce: new Uint8Array(16).fill(9) };
  late = (await responses.error(context, 'badTime', 'request is older than 600 s')).der;
  badPop = (await responses.error(context, 'badPOP', 'proof of possession does not verify')).der;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('refusedAsLate', () => {
  it('is true for the CA’s badTime error and false for another refusal or non-CMP bytes', () => {
    expect(refusedAsLate(late)).toBe(true);
    expect(refusedAsLate(badPop)).toBe(false);
    expect(refusedAsLate(new TextEncoder().encode('<!doctype html>'))).toBe(false);
    expect(refusedAsLate(new Uint8Array(0))).toBe(false);
  });

  it('never throws on random bytes or on a mutated CA answer (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.boolean(), (random, edits, mutate) => {
        const input = mutate ? late.slice() : random;
        if (mutate) for (const [at, value] of edits) input[at % input.length] = value;
        expect(typeof refusedAsLate(input)).toBe('boolean');
      }),
      { numRuns: 10_000 },
    );
  });
});
