/**
 * A navigator.usb-like bus for virtual tokens: getDevices, requestDevice, connect/disconnect events, and
 * plug/unplug helpers for tests and the demo.
 */
import type { VirtualUsbDevice } from './virtual-usb-device';
import { usbFailure } from './virtual-usb-io';

type EventType = 'connect' | 'disconnect';

/** What `navigator.usb` hands a connect/disconnect listener (WebUSB §4: USBConnectionEvent.device). */
export interface VirtualUsbConnectionEvent {
  readonly device: USBDevice;
}

export type VirtualUsbConnectionListener = (event: VirtualUsbConnectionEvent) => void;

/** The part of `navigator.usb` (the DOM `USB` interface) a driver uses; anything typed for it accepts this bus. */
export class VirtualUsb {
  private readonly plugged = new Set<VirtualUsbDevice>();
  private readonly granted = new Set<VirtualUsbDevice>();
  private readonly listeners: Record<EventType, Set<VirtualUsbConnectionListener>> = { connect: new Set(), disconnect: new Set() };

  /** Plugs a device in; `granted` = the user already paired it (getDevices lists it). */
  plug(device: VirtualUsbDevice, options: { granted?: boolean } = {}): void {
    if (this.plugged.has(device)) return;
    device.attach();
    device.onUnplugRequest = (d) => this.unplug(d);
    this.plugged.add(device);
    if (options.granted ?? true) this.granted.add(device);
    this.emit('connect', device);
  }

  unplug(device: VirtualUsbDevice): void {
    if (!this.plugged.delete(device)) return;
    device.detach();
    this.emit('disconnect', device);
  }

  async getDevices(): Promise<USBDevice[]> {
    return [...this.plugged].filter((d) => this.granted.has(d));
  }

  /** Picks the first plugged device matching a filter, as a user would in the chooser; none → NotFoundError. */
  async requestDevice(options: USBDeviceRequestOptions): Promise<USBDevice> {
    const match = [...this.plugged].find((device) => options.filters.some((filter) => matches(device, filter)));
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

  private emit(type: EventType, device: VirtualUsbDevice): void {
    for (const listener of [...this.listeners[type]]) listener({ device });
  }
}

function matches(device: VirtualUsbDevice, filter: USBDeviceFilter): boolean {
  if (filter.vendorId !== undefined && filter.vendorId !== device.vendorId) return false;
  if (filter.productId !== undefined && filter.productId !== device.productId) return false;
  if (filter.serialNumber !== undefined && filter.serialNumber !== device.serialNumber) return false;
  if (filter.classCode !== undefined) {
    const classes = device.configurations.flatMap((c) => c.interfaces.flatMap((i) => i.alternates.map((a) => a.interfaceClass)));
    if (!classes.includes(filter.classCode)) return false;
  }
  return true;
}
