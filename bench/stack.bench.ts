/**
 * Issue 2 §6: APDU exchanges per second through the whole stack — comlink (a MessageChannel hop, as between
 * window and worker) → DeviceService → PivSession → CcidTransport → virtual USB device → PivCard — against the
 * raw virtual device: XfrBlock frames written and read straight on the VirtualUsbDevice, no driver of ours in
 * between (review §1 L: the baseline used to be CcidTransport itself). The ratio's goal is ≤ 1.5x. The
 * CcidTransport and in-process service rows split the cost: CCID driver, PIV + APDU layers, comlink's hop.
 * Each path runs several alternating rounds and reports the median round. Figures are printed, never asserted.
 */
import { expose, type Endpoint } from 'comlink';
import { fromHex } from '../src/apdu/hex';
import { encodePcToRdr } from '../src/usb-driver/ccid-codec';
import { CcidTransport } from '../src/usb-driver/ccid-transport';
import { provisionDemoTokenWithCa } from '../src/virtual/virtual-token/demo';
import type { PivCard } from '../src/virtual/virtual-token/piv-card';
import { VirtualUsb } from '../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../src/worker/device-service';
import { wrapDriver } from '../src/worker/api-surface';
import { installErrorTransfer } from '../src/worker/error-transfer';
import { DEMO_TOKEN_ID } from '../src/sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../src/sources/webusb-ccid-source';
import type { BenchModule } from './run';

/**
 * Each path runs ROUNDS times, alternating, for ROUND_MS each; the median round counts. The machine is shared,
 * so a best-of-N would report the luckiest moment, not what a user meets.
 */
const ROUNDS = 7;
const ROUND_MS = 300;
/** The virtual device's endpoints (bulk OUT 1, bulk IN 2) and a read large enough for any reply. */
const BULK_OUT = 1;
const BULK_IN = 2;
const READ_LENGTH = 4096;
/** GET METADATA of the PIN (YubiKey F7, P2 80): the APDU getPinStatus sends, answered without a try spent. */
const PIN_METADATA = fromHex('00F7008000');

interface Rig {
  readonly card: PivCard;
  readonly device: VirtualUsbDevice;
  readonly usb: VirtualUsb;
}

async function rig(): Promise<Rig> {
  const { card } = await provisionDemoTokenWithCa();
  const device = new VirtualUsbDevice(card);
  const usb = new VirtualUsb();
  usb.plug(device);
  return { card, device, usb };
}

interface Path {
  readonly card: PivCard;
  readonly step: () => Promise<unknown>;
  /** APDU/s of every round. */
  readonly rates: number[];
  apdus: number;
}

const path = (card: PivCard, step: () => Promise<unknown>): Path => ({ card, step, rates: [], apdus: 0 });

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One round of `path`: APDUs per second as counted by the card. */
async function round(path: Path): Promise<void> {
  path.card.resetApduCount();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    await path.step();
    elapsed = performance.now() - start;
  }
  path.apdus += path.card.apduCount;
  path.rates.push((path.card.apduCount * 1000) / elapsed);
}

async function measure(paths: readonly Path[]): Promise<void> {
  for (const path of paths) for (let i = 0; i < 50; i++) await path.step(); // warm-up (JIT, lazy imports)
  for (let r = 0; r < ROUNDS; r++) for (const path of paths) await round(path);
}

const bench: BenchModule = {
  title: 'Whole stack vs. raw virtual device: APDU exchanges per second',
  async run() {
    const direct = await rig();
    await direct.card.powerOn();
    await direct.card.transmit(fromHex('00A404000BA00000030800001000010000'));
    const card = path(direct.card, () => direct.card.transmit(PIN_METADATA));

    // The baseline: CCID frames straight on the virtual device (it powers the card on at IccPowerOn).
    const bare = await rig();
    let seq = 0;
    const frame = async (message: Parameters<typeof encodePcToRdr>[0]): Promise<void> => {
      await bare.device.transferOut(BULK_OUT, encodePcToRdr(message));
      await bare.device.transferIn(BULK_IN, READ_LENGTH);
    };
    await bare.device.open();
    await bare.device.selectConfiguration(1);
    await bare.device.claimInterface(0);
    await frame({ kind: 'IccPowerOn', slot: 0, seq: seq++, powerSelect: 0 });
    const xfr = (data: Uint8Array): Promise<void> => frame({ kind: 'XfrBlock', slot: 0, seq: seq++ & 0xff, bwi: 0, levelParameter: 0, data });
    await xfr(fromHex('00A404000BA00000030800001000010000'));
    const device = path(bare.card, () => xfr(PIN_METADATA));

    const raw = await rig();
    const transport = await CcidTransport.open(raw.device, { usb: raw.usb });
    await transport.exchange(fromHex('00A404000BA00000030800001000010000'));
    const ccid = path(raw.card, () => transport.exchange(PIN_METADATA));

    const inProcess = await rig();
    const local = createDeviceService({
      sources: [],
      loadDemo: async () => usbSourceDevice(inProcess.usb, inProcess.device, describeUsbDevice(inProcess.device, DEMO_TOKEN_ID, 'virtual', true)),
    });
    await local.tokens.startDemoToken();
    const service = path(inProcess.card, () => local.pin.getPinStatus(DEMO_TOKEN_ID));

    installErrorTransfer();
    const full = await rig();
    const exposed = createDeviceService({
      sources: [],
      loadDemo: async () => usbSourceDevice(full.usb, full.device, describeUsbDevice(full.device, DEMO_TOKEN_ID, 'virtual', true)),
    });
    const channel = new MessageChannel();
    expose(exposed, channel.port1 as unknown as Endpoint);
    const remote = wrapDriver(channel.port2 as unknown as Endpoint);
    await remote.tokens.startDemoToken();
    await remote.tokens.open(DEMO_TOKEN_ID);
    // getPinStatus = GET METADATA 80 + 81: two APDUs per call, counted at the card like the others.
    const stack = path(full.card, () => remote.pin.getPinStatus(DEMO_TOKEN_ID));
    await measure([card, device, ccid, service, stack]);
    await local.tokens.close(DEMO_TOKEN_ID);
    await transport.close();
    await bare.device.close();
    await remote.tokens.close(DEMO_TOKEN_ID);
    channel.port1.close();
    channel.port2.close();

    const baseline = median(device.rates);
    const row = (name: string, measured: Path, goal = ''): Record<string, string | number> => ({
      path: name,
      'APDU/s (median)': Math.round(median(measured.rates)),
      'min–max': `${Math.round(Math.min(...measured.rates))}–${Math.round(Math.max(...measured.rates))}`,
      APDUs: measured.apdus,
      'time vs raw device': `${(baseline / median(measured.rates)).toFixed(2)}x${goal}`,
    });
    return [
      row('PivCard.transmit (no USB)', card),
      row('raw virtual device (XfrBlock frames, baseline)', device),
      row('CcidTransport → virtual device', ccid),
      row('service → PIV → CCID → virtual device (no comlink)', service),
      row('comlink → service → PIV → CCID → virtual device', stack, ' (goal ≤ 1.5x)'),
    ];
  },
};

export default bench;
