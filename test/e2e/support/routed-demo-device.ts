/**
 * TEST BUILD ONLY (aliased over src/worker/demo-device.ts by test/e2e/offline-renewal.test.ts; the production
 * bundle never contains it, and that test checks so). The demo token whose card lives in the test process, not in
 * the page: every worker of the browser — the app tab's, the sign popup's, one started after all pages were
 * closed — reaches the same card, as they would reach one physical key. The card's four calls (ATR, power on/off,
 * one APDU) are requests to CARD_ORIGIN that the test answers with Playwright's context.route, which serves
 * them offline too. Behind it, the production path: VirtualUsbDevice → WebUSB CCID transport → PIV.
 */
import type { SourceDevice } from '../../../src/sources/device-source';
import { browserDemoCardStore } from '../../../src/sources/demo-card-store';
import { DEMO_TOKEN_ID } from '../../../src/sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../../../src/sources/webusb-ccid-source';
import { demoCaCertificateDer } from '../../../src/virtual/demo-ca';
import type { SmartCard } from '../../../src/virtual/virtual-token/smart-card';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../../src/virtual/virtual-token/virtual-usb-device';

export const CARD_ORIGIN = 'http://ukey-test-card.invalid';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const unhex = (text: string): Uint8Array => new Uint8Array((text.match(/../g) ?? []).map((b) => parseInt(b, 16)));

/** text/plain keeps it a CORS "simple" request (Fetch §3.2.3): no preflight to answer. */
async function call(path: string, body: Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
  const response = await fetch(`${CARD_ORIGIN}/${path}`, { method: 'POST', body: hex(body), headers: { 'content-type': 'text/plain' } });
  if (!response.ok) throw new Error(`test card: ${path} → HTTP ${response.status}`);
  return unhex(await response.text());
}

export async function createDemoToken(): Promise<SourceDevice> {
  const card: SmartCard = {
    atr: await call('atr'),
    powerOn: () => call('power-on'),
    powerOff: async () => void (await call('power-off')),
    transmit: (command) => call('transmit', command),
  };
  // The demo source plugs the demo in (and keeps it) only while the origin has a demo card saved (one key for
  // every window, issue 16 §2). This card lives in the test process, so the record only says that it exists.
  await browserDemoCardStore()?.write({ revision: 'routed-test-card', state: null });
  const device = new VirtualUsbDevice(card, { productName: 'UKey Demo Token', serialNumber: 'DEMO-0001' });
  const usb = new VirtualUsb();
  usb.plug(device);
  return usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true), [demoCaCertificateDer()]);
}
