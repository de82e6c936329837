/**
 * WebUSB CCID devices the browser has granted (navigator.usb.getDevices(): the window pairs with
 * requestDevice, a USBDevice cannot be posted to a worker, DESIGN.md §3). Ids are stable within a browser
 * profile: VID:PID:serial, or VID:PID:- with a position when devices lack a serial.
 */
import type { PairedToken, TokenTransportKind } from '../cards/seam';
import { CcidTransport, findKnownToken, type UsbConnectionListener, type UsbLike } from '../usb-driver';
import { isCanoKeyWebDevice } from './canokey/canokey-device';
import type { DeviceSource, SourceDevice } from './device-source';

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

export function usbTokenId(device: Pick<USBDevice, 'vendorId' | 'productId' | 'serialNumber'>): string {
  return `${hex4(device.vendorId)}:${hex4(device.productId)}:${device.serialNumber ?? '-'}`;
}

export function describeUsbDevice(device: USBDevice, id: string, transport: TokenTransportKind, isDemo: boolean): PairedToken {
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

export function usbSourceDevice(usb: UsbLike, device: USBDevice, paired: PairedToken, trustAnchors?: readonly Uint8Array[]): SourceDevice {
  return {
    paired,
    ...(trustAnchors ? { trustAnchors } : {}),
    openTransport: (options) =>
      CcidTransport.open(device, { usb, redaction: options.redaction, ...(options.capture ? { capture: options.capture } : {}) }),
    watchGone: (listener) => {
      const onDisconnect: UsbConnectionListener = (event) => {
        if (event.device === device) listener();
      };
      usb.addEventListener('disconnect', onDisconnect);
      return () => usb.removeEventListener('disconnect', onDisconnect);
    },
  };
}

export class WebUsbCcidSource implements DeviceSource {
  readonly kind = 'webusb-ccid' as const;

  constructor(private readonly usb: UsbLike) {}

  async list(): Promise<SourceDevice[]> {
    const seen = new Map<string, number>();
    // A CanoKey is opened by its web interface (sources/canokey): its CCID interface is a protected class.
    return (await this.usb.getDevices()).filter((device) => !isCanoKeyWebDevice(device)).map((device) => {
      const base = usbTokenId(device);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      const id = count === 0 ? base : `${base}#${count + 1}`;
      return usbSourceDevice(this.usb, device, describeUsbDevice(device, id, this.kind, false));
    });
  }
}
