/**
 * The demo token as a source device: the provisioned virtual PIV card behind a virtual USB CCID device on
 * its own virtual bus, opened through the same WebUSB CCID code as a real key. Only loaded through
 * demo-token.ts's dynamic import, so none of the emulator ships in the main worker chunk.
 */
import { DEMO_TOKEN_ID } from '../sources/demo-source';
import type { SourceDevice } from '../sources/device-source';
import { describeUsbDevice, usbSourceDevice } from '../sources/webusb-ccid-source';
import { provisionDemoTokenWithCa } from '../virtual/virtual-token/demo';
import { VirtualUsb } from '../virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../virtual/virtual-token/virtual-usb-device';

export async function createDemoToken(): Promise<SourceDevice> {
  const { card, caCertificate } = await provisionDemoTokenWithCa();
  const device = new VirtualUsbDevice(card, { productName: 'UKey Demo Token', serialNumber: 'DEMO-0001' });
  const usb = new VirtualUsb();
  usb.plug(device);
  return usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true), [caCertificate]);
}
