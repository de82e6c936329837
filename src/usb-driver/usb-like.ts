/**
 * What the driver needs of `navigator.usb`, so the worker passes the real one and tests pass the virtual bus.
 */
export interface UsbConnectionEventLike {
  readonly device: USBDevice;
}

export type UsbConnectionListener = (event: UsbConnectionEventLike) => void;

export interface UsbLike {
  getDevices(): Promise<USBDevice[]>;
  addEventListener(type: 'connect' | 'disconnect', listener: UsbConnectionListener): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: UsbConnectionListener): void;
}

/** A name for messages and errors: the product name the device reports, else its VID:PID. */
export function deviceLabel(device: Pick<USBDevice, 'productName' | 'vendorId' | 'productId'>): string {
  const hex = (value: number): string => value.toString(16).padStart(4, '0').toUpperCase();
  const ids = `${hex(device.vendorId)}:${hex(device.productId)}`;
  return device.productName ? `${device.productName} (${ids})` : ids;
}
