/**
 * The demo token as a reachable device: the provisioned virtual PIV card behind a virtual USB CCID device on
 * its own virtual bus. Only loaded through demo-token.ts's dynamic import, so none of the emulator ships in
 * the main worker chunk.
 */
import { provisionDemoTokenWithCa } from '../virtual-token/demo';
import { VirtualUsb } from '../virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../virtual-token/virtual-usb-device';
import { DEMO_TOKEN_ID, describeDevice, type ReachableToken } from './token-directory';

export async function createDemoToken(): Promise<ReachableToken> {
  const { card, caCertificate } = await provisionDemoTokenWithCa();
  const device = new VirtualUsbDevice(card, { productName: 'UKey Demo Token', serialNumber: 'DEMO-0001' });
  const usb = new VirtualUsb();
  usb.plug(device);
  return { paired: describeDevice(device, DEMO_TOKEN_ID, 'virtual', true), device, usb, trustAnchors: [caCertificate] };
}
