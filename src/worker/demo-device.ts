/**
 * The demo token as a source device: the provisioned emulated card behind a virtual USB CCID device on
 * its own virtual bus, opened through the same WebUSB CCID code as a real key. Only loaded through
 * demo-token.ts's dynamic import, so none of the emulator ships in the main worker chunk.
 *
 * In a browser the card is the origin's one shared demo card (demo-shared-card.ts, issue 16 §2); where there is
 * no IndexedDB or Web Locks (Node tests) each worker gets its own fresh card, as before.
 */
import {
  browserDemoCardStore,
  DEMO_TOKEN_ID,
  describeUsbDevice,
  usbSourceDevice,
  type DemoCardStore,
  type SourceDevice,
} from '../sources';
import { demoCaCertificateDer } from '../virtual/demo-ca';
import {
  DEMO_FIRMWARE_VERSION,
  provisionDemoTokenWithCa,
  VirtualUsb,
  VirtualUsbDevice,
  type SmartCard,
} from '../virtual/virtual-token';
import { SharedDemoCard } from './demo-shared-card';
import { defaultTokenLocks, type TokenLockManager } from './token-locks';

export interface DemoDeviceOptions {
  /** Where the shared card is kept; null = a card of this worker only. Default: the browser's store. */
  readonly store?: DemoCardStore | null;
  readonly locks?: TokenLockManager;
}

async function demoCard(options: DemoDeviceOptions): Promise<SmartCard> {
  const store = options.store === undefined ? browserDemoCardStore() : options.store;
  if (!store) return (await provisionDemoTokenWithCa()).card;
  // The demo card is a YubiKey 5.7 (provision.ts); the firmware version is not part of the saved state.
  return SharedDemoCard.open(store, options.locks ?? defaultTokenLocks(), async () => (await provisionDemoTokenWithCa()).card, { firmwareVersion: DEMO_FIRMWARE_VERSION });
}

export async function createDemoToken(options: DemoDeviceOptions = {}): Promise<SourceDevice> {
  const card = await demoCard(options);
  const device = new VirtualUsbDevice(card, { productName: 'UKey Demo Token', serialNumber: 'DEMO-0001' });
  const usb = new VirtualUsb();
  usb.plug(device);
  return usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true), [demoCaCertificateDer()]);
}
