// Random PUK (issue 10 §4): always 8 ASCII digits, from rejection sampling (no digit favoured by byte % 10).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNBLOCK_CODE_LENGTH, randomUnblockCode } from '../../../src/flows/unlock/unblock-code-generator';

describe('randomPuk', () => {
  it('is 8 digits for any random bytes, and only bytes below 250 become digits', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 8 }), (blocks) => {
        let call = 0;
        const accepted: number[] = [];
        const fill = (bytes: Uint8Array): Uint8Array => {
          // After the given blocks, all-zero bytes (always accepted) end the loop.
          bytes.set(blocks[call] ?? new Uint8Array(16));
          call++;
          return bytes;
        };
        const puk = randomUnblockCode(fill);
        expect(puk).toMatch(/^\d{8}$/);
        for (const block of [...blocks, new Uint8Array(16)]) for (const b of block) if (b < 250) accepted.push(b % 10);
        expect(puk).toBe(accepted.slice(0, UNBLOCK_CODE_LENGTH).join(''));
      }),
      { numRuns: 10_000 },
    );
  });

  it('uses crypto.getRandomValues: digits roughly uniform over many PUKs', () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 5000; i++) for (const d of randomUnblockCode()) counts[Number(d)]!++;
    // 40,000 digits: each expected 4,000; ±10% is > 6 standard deviations.
    for (const c of counts) expect(Math.abs(c - 4000)).toBeLessThan(400);
  });
});
