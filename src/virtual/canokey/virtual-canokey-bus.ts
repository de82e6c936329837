/**
 * A navigator.usb-like bus for virtual CanoKeys: getDevices, requestDevice with WebUSB filters (incl. interface
 * class/subclass/protocol, WebUSB §6.2 "matches a device filter"), connect/disconnect events, plug/unplug.
 */
import { usbFailure } from '../virtual-token/virtual-usb-io';
import type { VirtualCanoKey } from './virtual-canokey';

type EventType = 'connect' | 'disconnect';
type Listener = (event: { readonly device: USBDevice }) => void;

export class VirtualCanoKeyBus {
  private readonly plugged = new Set<VirtualCanoKey>();
  private readonly granted = new Set<VirtualCanoKey>();
  private readonly listeners: Record<EventType, Set<Listener>> = { connect: new Set(), disconnect: new Set() };

  plug(device: VirtualCanoKey, options: { granted?: boolean } = {}): void {
    if (this.plugged.has(device)) return;
    device.attach();
    this.plugged.add(device);
    if (options.granted ?? true) this.granted.add(device);
    this.emit('connect', device);
  }

  unplug(device: VirtualCanoKey): void {
    if (!this.plugged.delete(device)) return;
    device.detach();
    this.emit('disconnect', device);
  }

  async getDevices(): Promise<USBDevice[]> {
    return [...this.plugged].filter((d) => this.granted.has(d));
  }

  async requestDevice(options: USBDeviceRequestOptions): Promise<USBDevice> {
    const match = [...this.plugged].find((device) => options.filters.some((filter) => matchesFilter(device, filter)));
    if (!match) throw usbFailure('NotFoundError');
    this.granted.add(match);
    return match;
  }

  addEventListener(type: EventType, listener: Listener): void {
    this.listeners[type].add(listener);
  }

  removeEventListener(type: EventType, listener: Listener): void {
    this.listeners[type].delete(listener);
  }

  private emit(type: EventType, device: VirtualCanoKey): void {
    for (const listener of [...this.listeners[type]]) listener({ device });
  }
}

/** WebUSB §6.2: identity fields, then an interface whose class, subclass and protocol all match. */
export function matchesFilter(device: USBDevice, filter: USBDeviceFilter): boolean {
  if (filter.vendorId !== undefined && filter.vendorId !== device.vendorId) return false;
  if (filter.productId !== undefined && filter.productId !== device.productId) return false;
  if (filter.serialNumber !== undefined && filter.serialNumber !== device.serialNumber) return false;
  if (filter.classCode === undefined) return true;
  return device.configurations.some((c) =>
    c.interfaces.some((i) =>
      i.alternates.some(
        (a) =>
          a.interfaceClass === filter.classCode &&
          (filter.subclassCode === undefined || a.interfaceSubclass === filter.subclassCode) &&
          (filter.protocolCode === undefined || a.interfaceProtocol === filter.protocolCode),
      ),
    ),
  );
}
