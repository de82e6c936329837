/**
 * The connection state of a virtual USB device, with the checks the browser makes before each call (WebUSB §6:
 * a call on a closed device, an unselected configuration or an unclaimed interface rejects with
 * InvalidStateError; an unplugged device with NotFoundError).
 */
import { VIRTUAL_INTERFACE_NUMBER } from './virtual-usb-descriptors';
import { usbFailure } from './virtual-usb-io';

export class VirtualUsbState {
  attached = true;
  open = false;
  configuration: USBConfiguration | null = null;
  claimed = false;

  /** Unplug or close: the interface is released and the configuration forgotten. */
  reset(attached: boolean): void {
    this.attached = attached;
    this.open = false;
    this.configuration = null;
    this.claimed = false;
  }

  requireAttached(): void {
    if (!this.attached) throw usbFailure('NotFoundError');
  }

  requireOpen(): void {
    this.requireAttached();
    if (!this.open) throw usbFailure('InvalidStateError');
  }

  requireConfigured(interfaceNumber: number): void {
    this.requireOpen();
    if (!this.configuration) throw usbFailure('InvalidStateError');
    if (interfaceNumber !== VIRTUAL_INTERFACE_NUMBER) throw usbFailure('NotFoundError');
  }

  requireClaimed(): void {
    this.requireOpen();
    if (!this.claimed) throw usbFailure('InvalidStateError');
  }
}
