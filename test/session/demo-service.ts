/**
 * The DeviceService behind comlink over a MessageChannel (the worker hop) with the demo token, whose card the
 * test can watch: how many VERIFY commands with data (PIN tries) reached it.
 */
import { expose, type Endpoint } from 'comlink';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import type { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { createDeviceService } from '../../src/worker/device-service';
import { wrapDriver, type RemoteDriver } from '../../src/worker/api-surface';
import { installErrorTransfer } from '../../src/worker/error-transfer';

const VERIFY = 0x20;

export interface Harness {
  readonly remote: RemoteDriver;
  readonly card: PivCard;
  readonly device: VirtualUsbDevice;
  readonly usb: VirtualUsb;
  readonly verifies: () => number;
  readonly close: () => void;
}

/** The service behind comlink over a MessageChannel (the worker hop), with a demo token whose card we can watch. */
export async function harness(): Promise<Harness> {
  installErrorTransfer();
  const { card, caCertificate } = await provisionDemoTokenWithCa();
  let verifies = 0;
  const transmit = card.transmit.bind(card);
  card.transmit = (apdu: Uint8Array) => {
    if (apdu[1] === VERIFY && apdu.length > 5) verifies++;
    return transmit(apdu);
  };
  const device = new VirtualUsbDevice(card, { serialNumber: 'DEMO-T' });
  const usb = new VirtualUsb();
  usb.plug(device);
  const service = createDeviceService({
    sources: [],
    loadDemo: async () => usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true), [caCertificate]),
  });
  const channel = new MessageChannel();
  expose(service, channel.port1 as unknown as Endpoint);
  const remote = wrapDriver(channel.port2 as unknown as Endpoint);
  return { remote, card, device, usb, verifies: () => verifies, close: () => (channel.port1.close(), channel.port2.close()) };
}

