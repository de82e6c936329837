/**
 * Pairing runs in the window, on a click (requestDevice needs a user gesture and a window, DESIGN.md §3); the
 * worker then finds the granted device with getDevices(). Every way it can fail becomes a typed error.
 */
import { classifyWebUsbError } from './errors';
import { WebUsbUnavailableError } from './device-errors';
import { requestDeviceFilters } from './known-tokens';

/** The part of navigator.usb pairing needs; undefined when the browser has no WebUSB. */
export interface UsbChooser {
  requestDevice(options: USBDeviceRequestOptions): Promise<USBDevice>;
}

export async function pairToken(usb: UsbChooser | undefined, filters: USBDeviceFilter[] = requestDeviceFilters()): Promise<USBDevice> {
  if (!usb || typeof usb.requestDevice !== 'function') throw new WebUsbUnavailableError();
  try {
    return await usb.requestDevice({ filters });
  } catch (error) {
    // NotFoundError: the chooser was closed with nothing picked; SecurityError: no gesture or not allowed here.
    throw classifyWebUsbError(error, { deviceName: '', operation: 'request' });
  }
}
