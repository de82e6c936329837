/**
 * What we can tell about a granted device before opening it (WebUSB exposes its configurations up front):
 * the known-token entry, the kind of interface it offers, and which guide applies (DESIGN.md §3: tell the
 * user, per device, what applies and what to do — never a bare "failed").
 */
import type { GuideId } from '../shared/errors';
import { USB_CLASS } from './ccid-constants';
import { DeviceNotFoundError } from './device-errors';
import { findKnownToken, type KnownToken, type TokenInterfaceKind } from './known-tokens';
import { deviceLabel, type UsbLike } from './usb-like';

export interface UsbTokenProfile {
  /** vendorId:productId:serialNumber ('-' when none), stable within a browser profile (PairedToken.id). */
  readonly id: string;
  readonly label: string;
  readonly known: KnownToken | null;
  readonly interfaceKind: TokenInterfaceKind | 'none';
  /** The guide to show before even trying, or null when the token should just work. */
  readonly advice: GuideId | null;
}

const hex4 = (value: number): string => value.toString(16).padStart(4, '0');

export function tokenIdOf(device: Pick<USBDevice, 'vendorId' | 'productId' | 'serialNumber'>): string {
  return `${hex4(device.vendorId)}:${hex4(device.productId)}:${device.serialNumber ?? '-'}`;
}

function interfaceClasses(device: USBDevice): Set<number> {
  return new Set(device.configurations.flatMap((c) => c.interfaces.flatMap((i) => i.alternates.map((a) => a.interfaceClass))));
}

/** Interface kind from the classes: a vendor-class one may carry the CCID descriptor (checked on open). */
function kindOf(classes: Set<number>): TokenInterfaceKind | 'none' {
  if (classes.has(USB_CLASS.VendorSpecific)) return 'ccid-vendor-class';
  if (classes.has(USB_CLASS.SmartCard)) return 'ccid';
  if (classes.has(USB_CLASS.Hid)) return 'hid';
  return 'none';
}

function adviceFor(known: KnownToken | null, kind: TokenInterfaceKind | 'none'): GuideId | null {
  if (known?.interfaceKind === 'virtual') return null;
  if (known?.interfaceKind === 'blocklisted') return 'token-unsupported';
  // TPDU level is spoken (T=0/T=1 in src/tpdu, issue 11 §4); character level is not.
  if (known?.exchangeLevel === 'character') return 'token-unsupported';
  switch (kind) {
    case 'ccid':
      // Smart Card class 0x0B is protected: an ordinary page or PWA cannot claim it (DESIGN.md §3).
      return 'protected-interface';
    case 'ccid-vendor-class':
      return null;
    default:
      return 'token-unsupported';
  }
}

export function profileUsbDevice(device: USBDevice): UsbTokenProfile {
  const known = findKnownToken(device.vendorId, device.productId);
  const interfaceKind = known?.interfaceKind === 'virtual' ? 'virtual' : kindOf(interfaceClasses(device));
  return { id: tokenIdOf(device), label: deviceLabel(device), known, interfaceKind, advice: adviceFor(known, interfaceKind) };
}

/** The worker finds a device the window paired by its id (a USBDevice cannot be posted to a worker). */
export async function findGrantedDevice(usb: UsbLike, tokenId: string): Promise<USBDevice> {
  const devices = await usb.getDevices();
  const found = devices.find((d) => tokenIdOf(d) === tokenId);
  if (!found) throw new DeviceNotFoundError(tokenId, `No granted, connected device with id ${tokenId}`);
  return found;
}
