/**
 * Real peer: Wireshark's ISO 7816 ATR dissector (tshark) reads the ATRs the card side builds, inside a USBPcap
 * capture of IccPowerOn / DataBlock frames, and must agree with what the host's parameter reader derives —
 * Fi, Di, the offered protocols, IFSC/BWI/CWI/EDC bytes, WI, the historical bytes and TCK, nothing malformed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAtrProtocolParameters } from '../../../src/tpdu/atr-parameters';
import { parseAtr } from '../../../src/tpdu/atr';
import { UsbCapture } from '../../../src/usb-driver/usbpcap';
import { buildTpduAtr, type TpduAtrOptions } from '../../../src/virtual/virtual-token/tpdu/tpdu-card';

const optionsArbitrary: fc.Arbitrary<TpduAtrOptions> = fc.record({
  protocols: fc.constantFrom<(0 | 1)[]>([0], [1], [0, 1]),
  ta1: fc.option(fc.constantFrom(0x11, 0x13, 0x18, 0x94, 0x95, 0x96), { nil: undefined }),
  extraGuardTime: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
  waitingInteger: fc.option(fc.integer({ min: 1, max: 255 }), { nil: undefined }),
  ifsc: fc.integer({ min: 1, max: 254 }),
  bwi: fc.integer({ min: 0, max: 9 }),
  cwi: fc.integer({ min: 0, max: 15 }),
  crc: fc.boolean(),
  historicalBytes: fc.uint8Array({ maxLength: 15 }),
});

const num = (text: string): number[] => (text === '' ? [] : text.split(',').map((v) => Number(v)));

describe('card-side ATRs as tshark decodes them', () => {
  it('tshark and the host parameter reader agree on 300 generated ATRs', () => {
    const samples = fc.sample(optionsArbitrary, { numRuns: 300, seed: 7816 });
    const capture = new UsbCapture({ now: () => 0 });
    const atrs = samples.map((options, seq) => {
      const atr = buildTpduAtr(options);
      capture.bulkOut(1, Uint8Array.of(0x62, 0, 0, 0, 0, 0, seq & 0xff, 0, 0, 0));
      capture.bulkIn(2, Uint8Array.of(0x80, atr.length, 0, 0, 0, 0, seq & 0xff, 0, 0, 0, ...atr));
      return atr;
    });
    const dir = mkdtempSync(join(tmpdir(), 'ukey-atr-'));
    let lines: string[];
    try {
      const file = join(dir, 'atrs.pcap');
      writeFileSync(file, capture.toBytes());
      const fields = ['iso7816.atr.ta1.fi', 'iso7816.atr.ta1.di', 'iso7816.atr.t', 'iso7816.atr.ta', 'iso7816.atr.tb', 'iso7816.atr.tc', 'iso7816.atr.k', 'iso7816.atr.historical_bytes', 'iso7816.atr.tck', '_ws.malformed', '_ws.expert'];
      const out = execFileSync(
        'tshark',
        ['-r', file, '-d', 'usb.device==0x00010002,usbccid', '-d', 'usbccid.subdissector,iso7816', '-Y', 'iso7816.atr.init_char', '-T', 'fields', ...fields.flatMap((f) => ['-e', f])],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      lines = out.split('\n').filter((l) => l.length > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(lines).toHaveLength(samples.length);
    lines.forEach((line, i) => {
      const options = samples[i] as TpduAtrOptions;
      const [fi, di, t, ta, tb, tc, k, historical, tck, malformed, expert] = line.split('\t') as string[];
      const p = readAtrProtocolParameters(parseAtr(atrs[i] as Uint8Array));
      const context = `ATR ${i}: ${Buffer.from(atrs[i] as Uint8Array).toString('hex')}`;
      expect(malformed, context).toBe('');
      expect(expert, context).toBe('');
      // Protocols: tshark lists T of every TD; no TD means T=0 (§8.2.3); the host keeps the distinct ones in order.
      const listed = [...new Set(num(t ?? ''))];
      expect(listed.length > 0 ? listed : [0], context).toEqual(p.offeredProtocols);
      if (options.ta1 !== undefined) {
        expect([Number(fi), Number(di)], context).toEqual([p.requestedFactors?.fi, p.requestedFactors?.di]);
      }
      const tas = num(ta ?? '');
      const tbs = num(tb ?? '');
      const tcs = num(tc ?? '');
      if (p.offeredProtocols.includes(1)) {
        // The card side puts the T=1 bytes last: TA = IFSC, TB = BWI/CWI, TC bit 1 = CRC.
        expect(tas.at(-1), context).toBe(p.t1.ifsc);
        expect(tbs.at(-1), context).toBe((p.t1.bwi << 4) | p.t1.cwi);
        // TC1 and TC2 are there when set; one more TC is the T=1 one, and it only ever says CRC.
        const globalTcs = (options.extraGuardTime !== undefined ? 1 : 0) + ((options.waitingInteger ?? 10) !== 10 ? 1 : 0);
        expect(tcs.length > globalTcs && tcs.at(-1) === 0x01 ? 'crc' : 'lrc', context).toBe(p.t1.edc);
        expect(tck, context).not.toBe('');
      } else {
        expect(tck, context).toBe('');
      }
      if (p.t0WaitingInteger !== 10) expect(tcs, context).toContain(p.t0WaitingInteger);
      expect(Number(k), context).toBe(options.historicalBytes?.length ?? 0);
      expect(historical ?? '', context).toBe(Buffer.from(options.historicalBytes ?? []).toString('hex'));
    });
  });
});
