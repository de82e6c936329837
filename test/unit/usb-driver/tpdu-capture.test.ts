/**
 * The USB capture of a TPDU-level session (issue 11 §4, issue 7 §4): at T=0 the XfrBlocks carry TPDUs, at T=1
 * they carry blocks whose INF holds the APDU, chained when IFSC is small and sent again after a lost block.
 * Either way the PIN is zeroed in the capture (the T=1 EDC of the VERIFY block too: an LRC is the XOR of the
 * PIN bytes), and tshark decodes the file as USB CCID.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WrongPinError } from '../../../src/apdu/errors';
import { PIV_REDACTION_POLICY } from '../../../src/cards/piv/redaction-policy';
import { PivSession } from '../../../src/cards/piv/session';
import { CcidTransport } from '../../../src/usb-driver/ccid-transport';
import { UsbCapture } from '../../../src/usb-driver/usbpcap';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice, type VirtualUsbDeviceOptions } from '../../../src/virtual/virtual-token/virtual-usb-device';
import type { RedactionPolicy } from '../../../src/shared/redaction/redaction-policy';
import { FIXTURE_INS, FixtureCard, hex, toHex } from './fixtures/fixture-card';

const PIN = '123456';
const WRONG_PIN = '654321';
/** Byte-aligned search (a hex-string search could match across byte boundaries). */
const has = (haystack: Uint8Array, needle: Uint8Array): boolean => Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0;
function count(haystack: Uint8Array, needle: Uint8Array): number {
  let n = 0;
  for (let at = Buffer.from(haystack).indexOf(Buffer.from(needle)); at >= 0; at = Buffer.from(haystack).indexOf(Buffer.from(needle), at + 1)) n++;
  return n;
}
/** The stored VERIFY I-block (either N(S)): NAD PCB LEN, APDU header and Lc kept, PIN and LRC zeroed. */
const zeroedVerifyBlocks = (bytes: Uint8Array): number =>
  [0x00, 0x40].reduce((n, pcb) => n + count(bytes, hex(`00${pcb.toString(16).padStart(2, '0')}0D0020008008${'00'.repeat(8)}00`)), 0);
/** Any three PIN digits in a row, of either PIN: what must never be in the capture. */
const PIN_PIECES = ['313233', '343536', '363534', '333231'].map(hex);

async function record(options: VirtualUsbDeviceOptions, beforeVerify?: (device: VirtualUsbDevice) => void): Promise<Uint8Array> {
  const capture = new UsbCapture({ bus: 1, device: 2, now: () => 1_763_800_000_123, redaction: PIV_REDACTION_POLICY });
  const card = PivCard.create();
  const device = new VirtualUsbDevice(card, { exchangeLevel: 'tpdu', ...options });
  const usb = new VirtualUsb();
  usb.plug(device);
  const transport = await CcidTransport.open(device, { usb, capture });
  const session = await PivSession.open(transport);
  await expect(session.verifyPin(WRONG_PIN)).rejects.toBeInstanceOf(WrongPinError);
  beforeVerify?.(device);
  await session.verifyPin(PIN);
  expect(card.toJSON().pinRetriesLeft).toBe(3);
  await transport.close();
  return capture.toBytes();
}

/** `iso7816`: decode XfrBlock data as APDUs (right for T=0 TPDUs; T=1 blocks are no APDUs, so not for them). */
function tshark(capture: Uint8Array, iso7816: boolean, ...args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ukey-tpdu-pcap-'));
  try {
    const file = join(dir, 'session.pcap');
    writeFileSync(file, capture);
    const subdissector = iso7816 ? ['-d', 'usbccid.subdissector,iso7816'] : [];
    return execFileSync('tshark', ['-r', file, '-d', 'usb.device==0x00010002,usbccid', ...subdissector, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('USB capture of a TPDU-level PIV session hides the PIN', () => {
  it('T=0: the VERIFY TPDU keeps its header, its PIN bytes are zero; tshark decodes a clean ISO 7816 VERIFY', async () => {
    const bytes = await record({ protocols: 'T0' });
    for (const piece of PIN_PIECES) expect(has(bytes, piece)).toBe(false);
    expect(has(bytes, hex('0020008008' + '00'.repeat(8)))).toBe(true);
    const verbose = tshark(bytes, true, '-V', '-x');
    expect(verbose).toMatch(/PC_to_RDR_XfrBlock/);
    expect(verbose).toMatch(/PC_to_RDR_SetParameters/);
    expect(verbose).toMatch(/Verify/i);
    expect(verbose).not.toMatch(/31\s+32\s+33\s+34\s+35\s+36/);
    expect(tshark(bytes, true, '-Y', '_ws.malformed || _ws.expert.severity == error')).toBe('');
  });

  it('T=1: the VERIFY I-block keeps NAD PCB LEN and the APDU header; PIN and LRC are zero', async () => {
    const bytes = await record({ protocols: 'T0+T1' });
    for (const piece of PIN_PIECES) expect(has(bytes, piece)).toBe(false);
    expect(zeroedVerifyBlocks(bytes)).toBe(2); // the wrong PIN and the right one
    const verbose = tshark(bytes, false, '-V', '-x');
    expect(verbose).toMatch(/PC_to_RDR_XfrBlock/);
    expect(verbose).toMatch(/PC_to_RDR_SetParameters/);
    expect(verbose).toMatch(/RDR_to_PC_Parameters/);
    expect(verbose).not.toMatch(/31\s+32\s+33\s+34\s+35\s+36/);
    expect(tshark(bytes, false, '-Y', '_ws.malformed || _ws.expert.severity == error')).toBe('');
  });

  it('T=1 with IFSC 4 and CRC: VERIFY travels in chained I-blocks, every PIN byte and CRC zeroed', async () => {
    const bytes = await record({ protocols: 'T1', t1: { ifsc: 4, crc: true } });
    for (const piece of PIN_PIECES) expect(has(bytes, piece)).toBe(false);
    // INF 00 20 00 80 | 08 31 32 33 | 34 35 36 FF | FF: the first block (M set) holds no secret and is kept
    // whole; the second keeps Lc and loses the PIN and its CRC.
    const blocks = (inf: string): number => ['20', '60'].reduce((n, pcb) => n + count(bytes, hex(`00${pcb}04${inf}`)), 0);
    expect(blocks('00200080')).toBe(2);
    expect(blocks('080000000000')).toBe(2);
    expect(blocks('000000000000')).toBe(2);
  });

  it('T=1: a VERIFY block lost on the way is sent again; both copies are hidden', async () => {
    const bytes = await record({ protocols: 'T1' }, (device) => device.faults.loseBlocks(1));
    for (const piece of PIN_PIECES) expect(has(bytes, piece)).toBe(false);
    expect(zeroedVerifyBlocks(bytes)).toBe(3); // the wrong PIN, the lost right one, and its retransmission
  });

  it('T=1: a card answer with a bad EDC is asked for again; the PIN stays hidden', async () => {
    const bytes = await record({ protocols: 'T1' }, (device) => device.faults.corruptBlocks(1));
    for (const piece of PIN_PIECES) expect(has(bytes, piece)).toBe(false);
    expect(zeroedVerifyBlocks(bytes)).toBe(2);
  });

  it('T=1 responses: a secret answer chained over IFSD 6 is hidden, its status word kept; a 61xx continuation too', async () => {
    // Echo (INS EE) carries a secret both ways; the answer fetched after INS 61's 61xx is secret (ISO 7816-4 §5.1.3).
    const dataOf = (apdu: Uint8Array): { start: number; end: number }[] => (apdu.length > 5 ? [{ start: 5, end: apdu.length - 1 }] : []);
    const policy: RedactionPolicy = {
      commandSecrets: (command) => (command[1] === FIXTURE_INS.echo ? dataOf(command) : []),
      responseSecrets: (command, response) =>
        [FIXTURE_INS.echo, FIXTURE_INS.moreData].includes(command[1] as 0xee) && response.length > 2 ? [{ start: 0, end: response.length - 2 }] : [],
    };
    const capture = new UsbCapture({ now: () => 0, redaction: policy });
    // dwMaxCCIDMessageLength 20: 20 − 10 − 3 − 1 = 6 bytes of INF per block, so answers come in chains.
    const device = new VirtualUsbDevice(new FixtureCard(), { exchangeLevel: 'tpdu', protocols: 'T1', maxMessageLength: 20, t1: { ifsc: 8 } });
    const usb = new VirtualUsb();
    usb.plug(device);
    const transport = await CcidTransport.open(device, { usb, capture });
    const secret = '5EC2E7'.repeat(6);
    expect(toHex(await transport.exchange(hex(`00EE0000${(secret.length / 2).toString(16).padStart(2, '0')}${secret}00`)))).toBe(`${secret}9000`);
    expect(toHex(await transport.exchange(hex('0061000000')))).toBe('6110');
    expect(toHex(await transport.exchange(hex('00C0000010')))).toBe('000102030405060708090A0B0C0D0E0F9000');
    await transport.close();
    const bytes = capture.toBytes();
    expect(has(bytes, hex('5EC2E7'))).toBe(false);
    expect(has(bytes, hex('0708090A'))).toBe(false);
    // The last block of each secret answer: INF zeroed up to the status word, which is kept; its LRC zeroed.
    expect(count(bytes, hex('9000'))).toBeGreaterThanOrEqual(2);
    expect(tshark(bytes, false, '-Y', '_ws.malformed || _ws.expert.severity == error')).toBe('');
  });
});
