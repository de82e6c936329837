/**
 * One USB device seen from several browsing contexts (issue 15 §4), as an operating system shows it: each
 * context opens its own handle, only one may claim the interface at a time (Linux usbfs answers EBUSY, and
 * Chrome's claimInterface() rejects with NetworkError "Unable to claim interface."), transfers need the claim
 * (InvalidStateError otherwise), and closing one handle releases that handle's claim only. Plug events reach
 * every context, each with its own USBDevice object (WebUSB §5: a USBDevice belongs to one realm).
 */
import type { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import type { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import type { UsbConnectionListener, UsbLike } from '../../src/usb-driver/usb-like';

function failure(name: string, message: string): DOMException {
  return new DOMException(message, name);
}

/** Who holds what, shared by every context's view of one device. */
class Arbiter {
  owner: object | null = null;
  readonly openBy = new Set<object>();
  /** Bumped at each unplug: a replugged device is a new USBDevice object in every context. */
  generation = 0;
}

function contextView(inner: VirtualUsbDevice, arbiter: Arbiter): USBDevice {
  const me = {};
  const own = async <T>(run: () => Promise<T>): Promise<T> => {
    if (arbiter.owner !== me) throw failure('InvalidStateError', 'The specified interface has not been claimed.');
    return run();
  };
  const overrides: Record<string, unknown> = {
    open: async () => {
      await inner.open();
      arbiter.openBy.add(me);
    },
    close: async () => {
      if (!arbiter.openBy.has(me)) return;
      arbiter.openBy.delete(me);
      if (arbiter.owner === me) {
        arbiter.owner = null;
        await inner.releaseInterface(0).catch(() => undefined);
      }
      if (arbiter.openBy.size === 0) await inner.close().catch(() => undefined);
    },
    claimInterface: async (n: number) => {
      if (!arbiter.openBy.has(me)) throw failure('InvalidStateError', 'The device must be opened first.');
      if (arbiter.owner !== null && arbiter.owner !== me) throw failure('NetworkError', 'Unable to claim interface.');
      await inner.claimInterface(n);
      arbiter.owner = me;
    },
    releaseInterface: async (n: number) => {
      if (arbiter.owner !== me) return;
      arbiter.owner = null;
      await inner.releaseInterface(n);
    },
    transferIn: (endpoint: number, length: number) => own(() => inner.transferIn(endpoint, length)),
    transferOut: (endpoint: number, data: BufferSource) => own(() => inner.transferOut(endpoint, data)),
    clearHalt: (direction: USBDirection, endpoint: number) => own(() => (inner as USBDevice).clearHalt(direction, endpoint)),
  };
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'opened') return arbiter.openBy.has(me) && target.opened;
      if (typeof property === 'string' && property in overrides) return overrides[property];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as USBDevice;
}

/** A navigator.usb per context over one shared virtual bus. */
export class SharedUsb {
  private readonly arbiters = new Map<VirtualUsbDevice, Arbiter>();

  constructor(readonly bus: VirtualUsb) {
    bus.addEventListener('disconnect', (event) => {
      const arbiter = this.arbiter(event.device as VirtualUsbDevice);
      arbiter.owner = null;
      arbiter.openBy.clear();
      arbiter.generation++;
    });
  }

  /** Whether some context holds the claim of `device` now. */
  claimedBy(device: VirtualUsbDevice): object | null {
    return this.arbiter(device).owner;
  }

  context(): UsbLike {
    const views = new Map<VirtualUsbDevice, { readonly generation: number; readonly view: USBDevice }>();
    const view = (device: VirtualUsbDevice, generation = this.arbiter(device).generation): USBDevice => {
      const found = views.get(device);
      if (found?.generation === generation) return found.view;
      const made = { generation, view: contextView(device, this.arbiter(device)) };
      views.set(device, made);
      return made.view;
    };
    const wrapped = new Map<UsbConnectionListener, UsbConnectionListener>();
    return {
      getDevices: async () => ((await this.bus.getDevices()) as VirtualUsbDevice[]).map(view),
      addEventListener: (type, listener) => {
        const inner: UsbConnectionListener = (event) => {
          const device = event.device as VirtualUsbDevice;
          // The unplugged device is the object the context had before this unplug's generation bump.
          listener({ device: type === 'disconnect' ? view(device, this.arbiter(device).generation - 1) : view(device) });
        };
        wrapped.set(listener, inner);
        this.bus.addEventListener(type, inner);
      },
      removeEventListener: (type, listener) => {
        const inner = wrapped.get(listener);
        if (inner) this.bus.removeEventListener(type, inner);
      },
    };
  }

  private arbiter(device: VirtualUsbDevice): Arbiter {
    let found = this.arbiters.get(device);
    if (!found) {
      found = new Arbiter();
      this.arbiters.set(device, found);
    }
    return found;
  }
}
