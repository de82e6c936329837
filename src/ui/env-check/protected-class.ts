/**
 * Which of a granted device's interfaces the browser lets a page claim (DESIGN.md §3): WebUSB's
 * protected-class rule refuses Smart Card (0x0B), HID (0x03) and Mass Storage (0x08) interfaces; a
 * vendor-class (0xFF) interface with the CCID class descriptor is not protected and works.
 */
import type { UsbDeviceShape } from './environment';
import type { ParsedInterface } from './usb-descriptors';

export const USB_CLASS = {
  HID: 0x03,
  MASS_STORAGE: 0x08,
  SMART_CARD: 0x0b,
  VENDOR_SPECIFIC: 0xff,
} as const;

export const DEVICE_REACH = {
  /** Vendor-class interface with the CCID descriptor: WebUSB can claim it. */
  VENDOR_CCID: 'vendor-ccid',
  /** Vendor-class interface whose descriptors could not be read: may work. */
  VENDOR_UNKNOWN: 'vendor-unknown',
  /** Only a Smart Card class interface: protected, unreachable from a page. */
  PROTECTED_SMART_CARD: 'protected-smart-card',
  /** A HID token: not via WebUSB, but WebHID can reach it. */
  HID: 'hid',
  /** Nothing a token driver would use. */
  OTHER: 'other',
} as const;
export type DeviceReach = (typeof DEVICE_REACH)[keyof typeof DEVICE_REACH];

/**
 * Classifies one device. `parsed` (from the raw configuration descriptor) tells whether a vendor interface
 * carries the CCID descriptor; without it a vendor interface is "unknown".
 */
export function classifyDevice(device: UsbDeviceShape, parsed: readonly ParsedInterface[] | null): DeviceReach {
  const classes = new Set<number>();
  for (const configuration of device.configurations) {
    for (const iface of configuration.interfaces) {
      for (const alternate of iface.alternates) classes.add(alternate.interfaceClass);
    }
  }
  for (const iface of parsed ?? []) classes.add(iface.interfaceClass);
  if (classes.has(USB_CLASS.VENDOR_SPECIFIC)) {
    if (parsed === null) return DEVICE_REACH.VENDOR_UNKNOWN;
    const ccid = parsed.some((i) => i.interfaceClass === USB_CLASS.VENDOR_SPECIFIC && i.hasCcidDescriptor);
    if (ccid) return DEVICE_REACH.VENDOR_CCID;
  }
  if (classes.has(USB_CLASS.SMART_CARD)) return DEVICE_REACH.PROTECTED_SMART_CARD;
  if (classes.has(USB_CLASS.HID)) return DEVICE_REACH.HID;
  return DEVICE_REACH.OTHER;
}

/** Label for messages: product name, else VID:PID in hex. */
export function deviceLabel(device: Pick<UsbDeviceShape, 'vendorId' | 'productId' | 'productName'>): string {
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
  const id = `${hex(device.vendorId)}:${hex(device.productId)}`;
  return device.productName ? `${device.productName} (${id})` : id;
}
