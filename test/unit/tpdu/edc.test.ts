import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeEdc, crc16, lrc } from '../../../src/tpdu/edc';
import { cyclicRedundancy, longitudinalRedundancy } from '../../../src/virtual/virtual-token/tpdu/card-checksum';
import { hex, show } from './scripted-link';

describe('T=1 epilogue (ISO/IEC 7816-3 §11.3.3.3)', () => {
  it('LRC of the Annex A blocks: 00 00 02 90 00 → 92, 00 40 02 90 00 → D2, R(1) 00 90 00 → 90', () => {
    expect(lrc(hex('0000029000'))).toBe(0x92);
    expect(lrc(hex('0040029000'))).toBe(0xd2);
    expect(lrc(hex('009000'))).toBe(0x90);
  });

  it('CRC: the catalogue check value of this CRC-16 (x^16+x^12+x^5+1, reflected, init FFFF, no xorout) is 6F91', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x6f91);
  });

  it('CRC epilogue is sent high byte first (values cross-checked with Python binascii.crc_hqx on bit-reversed input)', () => {
    expect(show(computeEdc('crc', hex('0000029000')))).toBe('9C6D');
    expect(show(computeEdc('crc', hex('00C101FE')))).toBe('544E');
    expect(show(computeEdc('lrc', hex('00C101FE')))).toBe('3E');
  });

  it('the table-driven host CRC and the bitwise card CRC agree on any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(crc16(bytes)).toBe(cyclicRedundancy(bytes));
        expect(lrc(bytes)).toBe(longitudinalRedundancy(bytes));
      }),
      { numRuns: 2_000 },
    );
  });
});
