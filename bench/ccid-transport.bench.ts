/**
 * CCID link cost, printed, never asserted (issue 2 §6): APDU exchanges per second straight into the card, as
 * raw CCID frames on the virtual USB device (the baseline: no driver of ours), through CcidTransport (bSeq,
 * stale-frame skipping, timeouts, busy guard, frame wiping) and through the APDU processor stack on top of it.
 * The paths run in alternating rounds; each row is the median round (the machine is shared).
 */
import { ApduProcessor } from '../src/apdu/processor';
import { NO_REDACTION } from '../src/apdu/redaction';
import { encodePcToRdr } from '../src/usb-driver/ccid-codec';
import { CcidTransport } from '../src/usb-driver/ccid-transport';
import type { SmartCard } from '../src/virtual/virtual-token/smart-card';
import { VirtualUsb } from '../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../src/virtual/virtual-token/virtual-usb-device';

type Row = Record<string, string | number>;
const ROUNDS = 7;
const EXCHANGES_PER_ROUND = 600;
/** GET DATA-sized command; the card answers 256 bytes + 9000 like a certificate chunk. */
const COMMAND = Uint8Array.of(0x00, 0xcb, 0x3f, 0xff, 0x05, 0x5c, 0x03, 0x5f, 0xc1, 0x05, 0x00);
const RESPONSE = new Uint8Array(258).fill(0x30);
RESPONSE.set([0x90, 0x00], 256);

const card: SmartCard = {
  atr: Uint8Array.of(0x3b, 0x02, 0x14, 0x50),
  powerOn: async () => card.atr,
  powerOff: async () => undefined,
  transmit: async () => RESPONSE,
};

interface Path {
  readonly label: string;
  readonly exchange: () => Promise<unknown>;
  /** µs per exchange of each round. */
  readonly rounds: number[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function round(path: Path): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < EXCHANGES_PER_ROUND; i++) await path.exchange();
  path.rounds.push(((performance.now() - start) * 1000) / EXCHANGES_PER_ROUND);
}

export default {
  title: 'CCID transport over the virtual USB token',
  async run(): Promise<Row[]> {
    const rawUsb = new VirtualUsb();
    const rawDevice = new VirtualUsbDevice(card);
    rawUsb.plug(rawDevice);
    await rawDevice.open();
    await rawDevice.selectConfiguration(1);
    await rawDevice.claimInterface(0);
    let seq = 0;
    const frame = async (message: Parameters<typeof encodePcToRdr>[0]): Promise<void> => {
      await rawDevice.transferOut(1, encodePcToRdr(message));
      await rawDevice.transferIn(2, 3082);
    };
    await frame({ kind: 'IccPowerOn', slot: 0, seq: seq++, powerSelect: 0 });

    const usb = new VirtualUsb();
    const device = new VirtualUsbDevice(card);
    usb.plug(device);
    const transport = await CcidTransport.open(device, { usb });
    const processor = new ApduProcessor(transport, { redaction: NO_REDACTION });
    const command = { cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, data: COMMAND.subarray(5, 10), le: 0 };

    const paths: Path[] = [
      { label: 'SmartCard.transmit (no USB)', exchange: () => card.transmit(COMMAND), rounds: [] },
      {
        label: 'raw virtual device (XfrBlock frames, baseline)',
        exchange: () => frame({ kind: 'XfrBlock', slot: 0, seq: seq++ & 0xff, bwi: 0, levelParameter: 0, data: COMMAND }),
        rounds: [],
      },
      { label: 'CcidTransport.exchange', exchange: () => transport.exchange(COMMAND), rounds: [] },
      { label: 'ApduProcessor.transmit → CcidTransport', exchange: () => processor.transmit(command), rounds: [] },
    ];
    for (const path of paths) for (let i = 0; i < 200; i++) await path.exchange(); // warm-up
    for (let r = 0; r < ROUNDS; r++) for (const path of paths) await round(path);
    await transport.close();
    await rawDevice.close();

    const baseline = median(paths[1]!.rounds);
    return paths.map((path) => {
      const us = median(path.rounds);
      return {
        path: path.label,
        'µs/exchange (median)': Math.round(us * 10) / 10,
        'min–max µs': `${Math.round(Math.min(...path.rounds))}–${Math.round(Math.max(...path.rounds))}`,
        'exchanges/s': Math.round(1_000_000 / us),
        'time vs raw device': `${(us / baseline).toFixed(2)}x`,
      };
    });
  },
};
