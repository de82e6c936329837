import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sm3 } from '../../../src/shared/pki/sm/sm3';
import { makeTempDir, openssl } from './helpers/openssl';

describe('SM3 (GB/T 32905-2016)', () => {
  it('matches the standard example A.1 ("abc")', () => {
    expect(bytesToHex(sm3(utf8ToBytes('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('matches the standard example A.2 (64 bytes "abcd" x 16, two padded blocks)', () => {
    expect(bytesToHex(sm3(utf8ToBytes('abcd'.repeat(16))))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('gives the same digest streamed in arbitrary chunks as in one call', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(300), { maxLength: 6 }), (data, cuts) => {
        const hash = sm3.create();
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          const end = Math.min(cut, data.length);
          if (end > at) hash.update(data.subarray(at, end));
          at = Math.max(at, end);
        }
        hash.update(data.subarray(at));
        expect(bytesToHex(hash.digest())).toBe(bytesToHex(sm3(data)));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with OpenSSL on lengths around the block boundaries', () => {
    const dir = makeTempDir('sm3');
    try {
      for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
        const data = new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
        const file = dir.write(`m${length}`, data);
        const out = openssl(['dgst', '-sm3', '-r', file], dir.path).split(' ')[0];
        expect(bytesToHex(sm3(data)), `length ${length}`).toBe(out);
      }
    } finally {
      dir.remove();
    }
  });
});
