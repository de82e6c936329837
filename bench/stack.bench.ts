/**
 * Issue 2 §6: APDU exchanges per second through the whole stack — comlink (a MessageChannel hop, as between
 * window and worker) → DeviceService → PivSession → CcidTransport → virtual USB device → PivCard — against the
 * raw virtual-device exchange (CcidTransport alone, and PivCard.transmit with no USB at all). The ratio's goal
 * is ≤ 1.5x. The in-process service row splits the cost: what comlink's message hop adds per call (one
 * getPinStatus = 2 APDUs) versus what the PIV + APDU layers add. Figures are printed, never asserted.
 */
import { expose, wrap, type Endpoint } from 'comlink';
import { fromHex } from '../src/apdu/hex';
import { CcidTransport } from '../src/usb-driver/ccid-transport';
import { provisionDemoTokenWithCa } from '../src/virtual-token/demo';
import type { PivCard } from '../src/virtual-token/piv-card';
import { VirtualUsb } from '../src/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../src/virtual-token/virtual-usb-device';
import { createDeviceService } from '../src/worker/device-service';
import type { DeviceService } from '../src/worker/device-service-api';
import { installErrorTransfer } from '../src/worker/error-transfer';
import { DEMO_TOKEN_ID } from '../src/device-sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../src/device-sources/webusb-ccid-source';
import type { BenchModule } from './run';

/** Each path runs ROUNDS times, alternating, for ROUND_MS each; the best round counts (the machine is shared). */
const ROUNDS = 4;
const ROUND_MS = 500;
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
  best: number;
  apdus: number;
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
  path.best = Math.max(path.best, (path.card.apduCount * 1000) / elapsed);
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
    const card: Path = { card: direct.card, step: () => direct.card.transmit(PIN_METADATA), best: 0, apdus: 0 };

    const raw = await rig();
    const transport = await CcidTransport.open(raw.device, { usb: raw.usb });
    await transport.exchange(fromHex('00A404000BA00000030800001000010000'));
    const ccid: Path = { card: raw.card, step: () => transport.exchange(PIN_METADATA), best: 0, apdus: 0 };

    const inProcess = await rig();
    const local = createDeviceService({
      sources: [],
      loadDemo: async () => usbSourceDevice(inProcess.usb, inProcess.device, describeUsbDevice(inProcess.device, DEMO_TOKEN_ID, 'virtual', true)),
    });
    await local.startDemoToken();
    const service: Path = { card: inProcess.card, step: () => local.getPinStatus(DEMO_TOKEN_ID), best: 0, apdus: 0 };

    installErrorTransfer();
    const full = await rig();
    const exposed = createDeviceService({
      sources: [],
      loadDemo: async () => usbSourceDevice(full.usb, full.device, describeUsbDevice(full.device, DEMO_TOKEN_ID, 'virtual', true)),
    });
    const channel = new MessageChannel();
    expose(exposed, channel.port1 as unknown as Endpoint);
    const remote = wrap<DeviceService>(channel.port2 as unknown as Endpoint);
    await remote.startDemoToken();
    await remote.open(DEMO_TOKEN_ID);
    // getPinStatus = GET METADATA 80 + 81: two APDUs per call, counted at the card like the others.
    const stack: Path = { card: full.card, step: () => remote.getPinStatus(DEMO_TOKEN_ID), best: 0, apdus: 0 };
    await measure([card, ccid, service, stack]);
    await local.close(DEMO_TOKEN_ID);
    await transport.close();
    await remote.close(DEMO_TOKEN_ID);
    channel.port1.close();
    channel.port2.close();

    const ratio = (path: Path): string => `${(ccid.best / path.best).toFixed(2)}x`;
    return [
      { path: 'PivCard.transmit (no USB)', 'APDU/s': Math.round(card.best), APDUs: card.apdus, 'time vs raw CCID': ratio(card) },
      { path: 'CcidTransport → virtual USB device (raw)', 'APDU/s': Math.round(ccid.best), APDUs: ccid.apdus, 'time vs raw CCID': '1.00x' },
      { path: 'service → PIV → CCID → virtual device (no comlink)', 'APDU/s': Math.round(service.best), APDUs: service.apdus, 'time vs raw CCID': ratio(service) },
      {
        path: 'comlink → service → PIV → CCID → virtual device',
        'APDU/s': Math.round(stack.best),
        APDUs: stack.apdus,
        'time vs raw CCID': `${ratio(stack)} (goal ≤ 1.5x)`,
      },
    ];
  },
};

export default bench;
