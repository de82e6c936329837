/**
 * Which tokens the worker can reach: the devices the browser has granted (navigator.usb.getDevices() — the
 * window pairs with requestDevice, a USBDevice cannot be posted to a worker, DESIGN.md §3) plus the demo
 * token once started. Ids are stable within a browser profile: VID:PID:serial.
 */
import type { UsbLike } from '../usb-driver/usb-like';
import { findKnownToken } from '../usb-driver/known-tokens';
import type { PairedToken, TokenTransportKind } from './device-service-api';

export const DEMO_TOKEN_ID = 'demo';

/** A reachable device and the bus that reports its disconnect. */
export interface ReachableToken {
  readonly paired: PairedToken;
  readonly device: USBDevice;
  readonly usb: UsbLike;
  /** CA certificates to trust for this token's reports (the demo token's demo CA). */
  readonly trustAnchors?: readonly Uint8Array[];
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

export function tokenId(device: Pick<USBDevice, 'vendorId' | 'productId' | 'serialNumber'>): string {
  return `${hex4(device.vendorId)}:${hex4(device.productId)}:${device.serialNumber ?? '-'}`;
}

export function describeDevice(device: USBDevice, id: string, transport: TokenTransportKind, isDemo: boolean): PairedToken {
  const known = findKnownToken(device.vendorId, device.productId);
  return {
    id,
    vendorId: device.vendorId,
    productId: device.productId,
    productName: device.productName ?? '',
    usbSerialNumber: device.serialNumber ?? null,
    transport,
    vendor: known?.vendor ?? device.manufacturerName ?? null,
    model: known?.model ?? null,
    isDemo,
  };
}

/** Granted WebUSB devices (ids made unique when two lack a serial number) plus the demo token. */
export async function listReachable(usb: UsbLike | null, demo: ReachableToken | null): Promise<ReachableToken[]> {
  const out: ReachableToken[] = [];
  const seen = new Map<string, number>();
  const granted = usb ? await usb.getDevices() : [];
  for (const device of granted) {
    const base = tokenId(device);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    const id = count === 0 ? base : `${base}#${count + 1}`;
    if (usb) out.push({ paired: describeDevice(device, id, 'webusb-ccid', false), device, usb });
  }
  if (demo) out.push(demo);
  return out;
}
