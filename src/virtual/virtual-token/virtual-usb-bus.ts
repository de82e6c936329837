/**
 * A navigator.usb-like bus for virtual devices (tokens, CanoKeys): getDevices, requestDevice with WebUSB filters,
 * connect/disconnect events, and plug/unplug helpers for tests and the demo.
 */
import type { VirtualUsbDevice } from './virtual-usb-device';
import { usbFailure } from './virtual-usb-io';

type EventType = 'connect' | 'disconnect';

/** What `navigator.usb` hands a connect/disconnect listener (WebUSB §4: USBConnectionEvent.device). */
export interface VirtualUsbConnectionEvent {
  readonly device: USBDevice;
}

export type VirtualUsbConnectionListener = (event: VirtualUsbConnectionEvent) => void;

/** A virtual device the bus can plug: it learns when it is attached or detached; it may ask to be unplugged. */
export interface PluggableUsbDevice<Self> extends USBDevice {
  attach(): void;
  detach(): void;
  /** Present (null until plugged) on a device that can pull itself out, e.g. a token's reset that re-enumerates. */
  onUnplugRequest?: ((device: Self) => void) | null;
}

/** The part of `navigator.usb` (the DOM `USB` interface) a driver uses; anything typed for it accepts this bus. */
export class VirtualUsbBus<D extends PluggableUsbDevice<D>> {
  private readonly plugged = new Set<D>();
  private readonly granted = new Set<D>();
  private readonly listeners: Record<EventType, Set<VirtualUsbConnectionListener>> = { connect: new Set(), disconnect: new Set() };

  /** Plugs a device in; `granted` = the user already paired it (getDevices lists it). */
  plug(device: D, options: { granted?: boolean } = {}): void {
    if (this.plugged.has(device)) return;
    device.attach();
    if (device.onUnplugRequest !== undefined) device.onUnplugRequest = (d) => this.unplug(d);
    this.plugged.add(device);
    if (options.granted ?? true) this.granted.add(device);
    this.emit('connect', device);
  }

  unplug(device: D): void {
    if (!this.plugged.delete(device)) return;
    device.detach();
    this.emit('disconnect', device);
  }

  async getDevices(): Promise<USBDevice[]> {
    return [...this.plugged].filter((d) => this.granted.has(d));
  }

  /** Picks the first plugged device matching a filter, as a user would in the chooser; none → NotFoundError. */
  async requestDevice(options: USBDeviceRequestOptions): Promise<USBDevice> {
    const match = [...this.plugged].find((device) => options.filters.some((filter) => matchesFilter(device, filter)));
    if (!match) throw usbFailure('NotFoundError');
    this.granted.add(match);
    return match;
  }

  addEventListener(type: EventType, listener: VirtualUsbConnectionListener): void {
    this.listeners[type].add(listener);
  }

  removeEventListener(type: EventType, listener: VirtualUsbConnectionListener): void {
    this.listeners[type].delete(listener);
  }

  private emit(type: EventType, device: D): void {
    for (const listener of [...this.listeners[type]]) listener({ device });
  }
}

/** The bus of virtual PIV tokens. */
export class VirtualUsb extends VirtualUsbBus<VirtualUsbDevice> {}

/** WebUSB §6.2 "matches a device filter": identity fields, then an interface whose class, subclass and protocol all match. */
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
