/**
 * Issue 11 §4: APDU exchanges per second and CCID blocks per APDU over a TPDU-level reader (T=0, T=1 with the
 * card's IFSC 254, and with IFSC 32 behind a reader of 64-byte messages) beside the APDU-level reader and the raw virtual device (XfrBlock frames
 * written straight on it, no driver of ours), in one run, same card, same commands. Two workloads: a short
 * answer (GET METADATA of the PIN) and a 256-byte one (GET DATA of the 9C certificate, short Le: 256 bytes + 61xx,
 * T=1 chains it, T=0 fetches it with GET RESPONSE). Rounds alternate; the median round counts. Printed only.
 */
import { fromHex } from '../src/apdu/hex';
import { encodePcToRdr } from '../src/usb-driver/ccid-codec';
import { CcidTransport } from '../src/usb-driver/ccid-transport';
import { provisionDemoTokenWithCa } from '../src/virtual/virtual-token/demo';
import type { PivCard } from '../src/virtual/virtual-token/piv-card';
import { VirtualUsb } from '../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice, type VirtualUsbDeviceOptions } from '../src/virtual/virtual-token/virtual-usb-device';
import type { BenchModule } from './run';

const ROUNDS = 5;
const ROUND_MS = 250;
const BULK_OUT = 1;
const BULK_IN = 2;
const READ_LENGTH = 4096;
const XFR_BLOCK = 0x6f;
const SELECT_PIV = fromHex('00A404000BA00000030800001000010000');
const WORKLOADS = [
  { name: 'GET METADATA (PIN)', apdu: fromHex('00F7008000') },
  { name: 'GET DATA 9C certificate, Le 256', apdu: fromHex('00CB3FFF055C035FC10A00') },
] as const;

interface Path {
  readonly name: string;
  readonly card: PivCard;
  readonly send: (apdu: Uint8Array) => Promise<unknown>;
  readonly close: () => Promise<void>;
  /** XfrBlock frames the device has received. */
  readonly xfrBlocks: () => number;
}

interface Tally {
  rates: number[];
  apdus: number;
  blocks: number;
}

/** The demo card behind a virtual device that counts the XfrBlocks written to it. */
async function rig(options: VirtualUsbDeviceOptions): Promise<{ card: PivCard; device: VirtualUsbDevice; usb: VirtualUsb; xfrBlocks: () => number }> {
  const { card } = await provisionDemoTokenWithCa();
  const device = new VirtualUsbDevice(card, options);
  const usb = new VirtualUsb();
  usb.plug(device);
  let xfrBlocks = 0;
  const transferOut = device.transferOut.bind(device);
  device.transferOut = (endpoint: number, data: BufferSource) => {
    if (new Uint8Array(data as ArrayBuffer)[0] === XFR_BLOCK) xfrBlocks++;
    return transferOut(endpoint, data);
  };
  return { card, device, usb, xfrBlocks: () => xfrBlocks };
}

async function rawDevice(): Promise<Path> {
  const { card, device, xfrBlocks } = await rig({});
  let seq = 0;
  const frame = async (message: Parameters<typeof encodePcToRdr>[0]): Promise<void> => {
    await device.transferOut(BULK_OUT, encodePcToRdr(message));
    await device.transferIn(BULK_IN, READ_LENGTH);
  };
  await device.open();
  await device.selectConfiguration(1);
  await device.claimInterface(0);
  await frame({ kind: 'IccPowerOn', slot: 0, seq: seq++, powerSelect: 0 });
  const send = (data: Uint8Array): Promise<void> => frame({ kind: 'XfrBlock', slot: 0, seq: seq++ & 0xff, bwi: 0, levelParameter: 0, data });
  await send(SELECT_PIV);
  return { name: 'raw virtual device, APDU level (baseline)', card, send, close: () => device.close(), xfrBlocks };
}

async function transportPath(name: string, options: VirtualUsbDeviceOptions): Promise<Path> {
  const { card, device, usb, xfrBlocks } = await rig(options);
  const transport = await CcidTransport.open(device, { usb });
  await transport.exchange(SELECT_PIV);
  return { name, card, send: (apdu) => transport.exchange(apdu), close: () => transport.close(), xfrBlocks };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function round(path: Path, apdu: Uint8Array, tally: Tally): Promise<void> {
  path.card.resetApduCount();
  const blocksBefore = path.xfrBlocks();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    await path.send(apdu);
    elapsed = performance.now() - start;
  }
  tally.apdus += path.card.apduCount;
  tally.blocks += path.xfrBlocks() - blocksBefore;
  tally.rates.push((path.card.apduCount * 1000) / elapsed);
}

const bench: BenchModule = {
  title: 'TPDU level (T=0, T=1) vs APDU level vs raw virtual device: APDUs per second and CCID blocks per APDU',
  async run() {
    const paths = [
      await rawDevice(),
      await transportPath('CcidTransport, extended-APDU reader', { exchangeLevel: 'extended-apdu' }),
      await transportPath('CcidTransport, TPDU reader, T=1 IFSC 254', { exchangeLevel: 'tpdu', protocols: 'T0+T1' }),
      // dwMaxCCIDMessageLength 64 leaves 50 bytes of INF per block (IFSD 50): the 258-byte answer takes 6 blocks.
      await transportPath('CcidTransport, TPDU reader, T=1 IFSC 32 / IFSD 50', { exchangeLevel: 'tpdu', protocols: 'T1', maxMessageLength: 64, t1: { ifsc: 32 } }),
      await transportPath('CcidTransport, TPDU reader, T=0', { exchangeLevel: 'tpdu', protocols: 'T0' }),
    ];
    const rows: Array<Record<string, string | number>> = [];
    for (const workload of WORKLOADS) {
      const tallies = paths.map((): Tally => ({ rates: [], apdus: 0, blocks: 0 }));
      for (const path of paths) for (let i = 0; i < 30; i++) await path.send(workload.apdu); // warm-up
      for (let r = 0; r < ROUNDS; r++) for (const [i, path] of paths.entries()) await round(path, workload.apdu, tallies[i]!);
      const baseline = median(tallies[0]!.rates);
      paths.forEach((path, i) => {
        const tally = tallies[i]!;
        rows.push({
          workload: workload.name,
          path: path.name,
          'APDU/s (median)': Math.round(median(tally.rates)),
          'min–max': `${Math.round(Math.min(...tally.rates))}–${Math.round(Math.max(...tally.rates))}`,
          'blocks/APDU': (tally.blocks / tally.apdus).toFixed(2),
          'time vs raw device': `${(baseline / median(tally.rates)).toFixed(2)}x`,
        });
      });
    }
    for (const path of paths) await path.close();
    return rows;
  },
};

export default bench;
