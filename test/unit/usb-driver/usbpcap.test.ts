import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CcidTransport } from '../../../src/usb-driver/ccid-transport';
import type { RedactionPolicy } from '../../../src/shared/redaction/redaction-policy';
import { LINKTYPE_USBPCAP, UsbCapture } from '../../../src/usb-driver/usbpcap';
import { PIV_REDACTION_POLICY } from '../../../src/cards/piv/redaction-policy';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../../src/virtual/virtual-token/virtual-usb-device';
import { FIXTURE_PIN, FixtureCard, hex, toHex } from './fixtures/fixture-card';

const VERIFY = Uint8Array.from([0x00, 0x20, 0x00, 0x80, 0x08, ...FIXTURE_PIN]);
const PIN_HEX = toHex(FIXTURE_PIN.subarray(0, 6));
/** Byte-aligned search (a hex-string search could match across byte boundaries, e.g. in timestamps). */
const has = (haystack: Uint8Array, needle: Uint8Array): boolean => Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0;

/** The card profile's policy as the capture sees it (structural type): VERIFY data, and all of INS B0/EE/61 answers. */
const dataOf = (apdu: Uint8Array): { start: number; end: number }[] => (apdu.length > 5 ? [{ start: 5, end: apdu.length }] : []);
const TEST_POLICY: RedactionPolicy = {
  commandSecrets: (command) => (command[1] === 0x20 || command[1] === 0xfe ? dataOf(command) : []),
  responseSecrets: (command, response) =>
    [0xb0, 0xee, 0x61].includes(command[1] ?? -1) && response.length > 2 ? [{ start: 0, end: response.length - 2 }] : [],
};

async function recordSession(): Promise<Uint8Array> {
  // PIV's own policy, passed as is: the capture's structural type and the apdu RedactionPolicy agree.
  const capture = new UsbCapture({ bus: 1, device: 2, now: () => 1_763_800_000_123, redaction: PIV_REDACTION_POLICY });
  const usb = new VirtualUsb();
  const device = new VirtualUsbDevice(new FixtureCard());
  usb.plug(device);
  const transport = await CcidTransport.open(device, { usb, capture });
  await transport.exchange(hex('00A4040009A0000003080000100000'));
  expect(toHex(await transport.exchange(VERIFY))).toBe('9000');
  await transport.exchange(hex('00EE000003CAFE01'));
  await transport.close();
  return capture.toBytes();
}

describe('USBPcap capture (linktype 249) with PIN data redacted', () => {
  it('zeroes what the injected policy names in an XfrBlock APDU, same length, header kept; the caller’s frame untouched', () => {
    const capture = new UsbCapture({ now: () => 0, redaction: TEST_POLICY });
    const frame = hex(`6F0D0000000001000000${toHex(VERIFY)}`);
    capture.bulkOut(1, frame);
    const bytes = capture.toBytes();
    expect(has(bytes, hex('6F0D0000000001000000' + '0020008008' + '00'.repeat(8)))).toBe(true);
    expect(has(bytes, FIXTURE_PIN.subarray(0, 6))).toBe(false);
    expect(toHex(frame.subarray(10))).toBe(toHex(VERIFY));
  });

  it('without a policy hides every APDU data byte (fail closed) but keeps headers and status words', async () => {
    const capture = new UsbCapture({ now: () => 0 });
    const usb = new VirtualUsb();
    const device = new VirtualUsbDevice(new FixtureCard());
    usb.plug(device);
    const transport = await CcidTransport.open(device, { usb, capture });
    await transport.exchange(hex('00EE000003CAFE01'));
    await transport.close();
    const bytes = capture.toBytes();
    expect(has(bytes, hex('CAFE01'))).toBe(false);
    expect(has(bytes, hex('00EE0000' + '00'.repeat(4)))).toBe(true); // the fail-closed default knows no Lc: all after the header
    expect(has(bytes, hex('0000009000'))).toBe(true);
    expect(has(bytes, hex('3BFD1300008131FE15'))).toBe(true); // the ATR is no secret
  });

  it('regression (issue 7 §4, capture kept every response): DataBlock responses are judged by the policy too', async () => {
    const capture = new UsbCapture({ now: () => 0 });
    const usb = new VirtualUsb();
    const device = new VirtualUsbDevice(new FixtureCard());
    usb.plug(device);
    const transport = await CcidTransport.open(device, { usb, capture, redaction: TEST_POLICY });
    expect(toHex(await transport.exchange(hex('00EE000003CAFE01')))).toBe('CAFE019000');
    expect(toHex(await transport.exchange(hex('00610000')))).toBe('6110');
    expect((await transport.exchange(hex('00C0000010'))).length).toBe(18); // GET RESPONSE continues INS 61
    await transport.close();
    const bytes = capture.toBytes();
    expect(has(bytes, hex('00EE000003CAFE01'))).toBe(true); // the command is no secret under this policy
    expect(has(bytes, hex('CAFE019000'))).toBe(false);
    expect(has(bytes, hex('0000009000'))).toBe(true);
    expect(has(bytes, hex('000102030405060708090A0B0C0D0E0F'))).toBe(false);
  });

  it('a late reply to an aborted command is matched by bSeq and judged against that command, not the next', async () => {
    const capture = new UsbCapture({ now: () => 0, redaction: TEST_POLICY });
    const usb = new VirtualUsb();
    const device = new VirtualUsbDevice(new FixtureCard());
    usb.plug(device);
    const transport = await CcidTransport.open(device, { usb, capture, timeoutMs: 60 });
    device.faults.lateReply();
    await expect(transport.exchange(hex('00EE000003CAFE01'))).rejects.toThrow();
    expect(toHex(await transport.exchange(hex('00A4040003A00000')))).toBe('6D00');
    await transport.close();
    const bytes = capture.toBytes();
    expect(has(bytes, hex('0000009000'))).toBe(true); // the late DataBlock is there, its data hidden
    expect(has(bytes, hex('CAFE019000'))).toBe(false);
  });

  it('a response chained in DataBlocks (CCID §6.2.1 bChainParameter) is hidden in every block', async () => {
    const capture = new UsbCapture({ now: () => 0, redaction: TEST_POLICY });
    const usb = new VirtualUsb();
    const device = new VirtualUsbDevice(new FixtureCard(), { maxMessageLength: 64 });
    usb.plug(device);
    const transport = await CcidTransport.open(device, { usb, capture });
    expect((await transport.exchange(hex('00B0012C00'))).length).toBe(302);
    await transport.close();
    const bytes = capture.toBytes();
    expect(has(bytes, hex('8036000000'))).toBe(true); // full 54-byte DataBlocks: the response really was chained
    for (let i = 0; i < 300 - 4; i += 37) expect(has(bytes, Uint8Array.from({ length: 4 }, (_, k) => (i + k) & 0xff).map((b) => b))).toBe(false);
  });

  it('keeps a secret command sent in chained XfrBlocks (CCID §6.1.4) redacted in every block', async () => {
    const capture = new UsbCapture({ now: () => 0, redaction: TEST_POLICY });
    const usb = new VirtualUsb();
    // 33 = the ATR's DataBlock; each XfrBlock then carries 23 APDU bytes, so a 71-byte command takes 4 blocks.
    const device = new VirtualUsbDevice(new FixtureCard(), { maxMessageLength: 33 });
    usb.plug(device);
    const transport = await CcidTransport.open(device, { usb, capture });
    const importKey = Uint8Array.from([0x00, 0xfe, 0x07, 0x9a, 0x00, 0x00, 0x40, ...new Uint8Array(64).fill(0xa5)]);
    await transport.exchange(importKey);
    await transport.exchange(hex('00EE0000025A5A'));
    await transport.close();
    const bytes = capture.toBytes();
    expect(has(bytes, hex('6F170000'))).toBe(true); // a full 23-byte block: the command really was chained
    expect(has(bytes, hex('A5A5'))).toBe(false);
    expect(has(bytes, hex('00EE0000025A5A'))).toBe(true);
  });

  it('keeps only the newest maxTransfers transfers, whole', () => {
    const capture = new UsbCapture({ maxTransfers: 3, now: () => 0 });
    for (let i = 0; i < 20; i++) capture.bulkIn(2, Uint8Array.of(0x81, 0, 0, 0, 0, 0, i, 0, 0, 0));
    expect(capture.transferCount).toBe(3);
    const bytes = capture.toBytes();
    // 24-byte global header + 3 × (request record 16+27 + completion record 16+27+10).
    expect(bytes.length).toBe(24 + 3 * (43 + 53));
    const seqs = [0, 1, 2].map((i) => bytes[24 + i * 96 + 43 + 43 + 6]);
    expect(seqs).toEqual([17, 18, 19]);
  });

  it('writes the pcap global header and one USBPcap record per transfer stage', async () => {
    const bytes = await recordSession();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint32(0, true)).toBe(0xa1b2c3d4);
    expect(view.getUint32(20, true)).toBe(LINKTYPE_USBPCAP);
    const records: { header: Uint8Array; data: Uint8Array }[] = [];
    for (let offset = 24; offset < bytes.length; ) {
      const length = view.getUint32(offset + 8, true);
      const record = bytes.subarray(offset + 16, offset + 16 + length);
      const headerLength = view.getUint16(offset + 16, true);
      records.push({ header: record.subarray(0, headerLength), data: record.subarray(headerLength) });
      offset += 16 + length;
    }
    // GET_DESCRIPTOR(configuration) setup stage: 28-byte header (stage byte), bus 1, device 2, control, stage 0.
    const [first] = records;
    expect(first?.header.length).toBe(28);
    expect(toHex(first?.header.subarray(17, 23) ?? new Uint8Array(0))).toBe('010002008002');
    expect(first?.header[27]).toBe(0);
    expect(toHex(first?.data ?? new Uint8Array(0))).toBe('8006000200000900');
    // The first bulk OUT carries IccPowerOn on endpoint 1; its completion follows with no data.
    const bulkOut = records.findIndex((r) => r.header[22] === 3 && r.header[21] === 0x01 && r.data.length > 0);
    expect(records[bulkOut]?.header.length).toBe(27);
    expect(records[bulkOut]?.data[0]).toBe(0x62);
    expect(records[bulkOut + 1]?.header[16]).toBe(1);
    expect(records[bulkOut + 1]?.data.length).toBe(0);
    expect(has(bytes, hex(PIN_HEX))).toBe(false);
  });

  it('tshark decodes it as USB CCID + ISO 7816, nothing malformed, no PIN', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukey-pcap-'));
    try {
      const file = join(dir, 'session.pcap');
      writeFileSync(file, await recordSession());
      const run = (...args: string[]): string =>
        execFileSync('tshark', ['-r', file, '-d', 'usb.device==0x00010002,usbccid', '-d', 'usbccid.subdissector,iso7816', ...args], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      const verbose = run('-V', '-x');
      expect(verbose).toContain('USB CCID');
      expect(verbose).toMatch(/ISO\/IEC 7816/);
      expect(verbose).toMatch(/PC_to_RDR_XfrBlock/);
      expect(verbose).toMatch(/RDR_to_PC_DataBlock/);
      expect(verbose).toMatch(/Verify/i);
      expect(verbose).not.toMatch(/Malformed/i);
      expect(verbose).not.toMatch(/31\s+32\s+33\s+34\s+35\s+36/);
      expect(verbose).not.toContain('123456');
      expect(run('-Y', '_ws.malformed || _ws.expert.severity == error')).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
