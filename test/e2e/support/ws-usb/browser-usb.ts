/**
 * The browser side of the E2E USB double (issue 15 §4): a `navigator.usb` for windows and workers of a test build
 * (`vite build --mode e2e-usb`) whose devices live on the Node-side virtual bus (usb-server.ts), reached over a
 * WebSocket. Every window and worker of the browser shares that bus, so the app tab's worker and the sign popup's
 * worker meet each other's claims as they would on a real token. Never in a production build: the entry points
 * import this only under the e2e-usb mode, and test/e2e/usb-double-absent.test.ts greps the production assets.
 */
import { USB_DOUBLE_MARKER, type WireAlternate, type WireConfiguration, type WireDevice, type WireMessage, type WireRequest, type WireTransferResult } from './wire';

type Listener = (event: { device: USBDevice }) => void;

class Wire {
  private readonly socket: WebSocket;
  private readonly opened: Promise<void>;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  onEvent: (kind: 'connect' | 'disconnect', device: WireDevice) => void = () => undefined;

  constructor(url: string) {
    this.socket = new WebSocket(url, []);
    this.opened = new Promise((resolve, reject) => {
      this.socket.addEventListener('open', () => resolve(), { once: true });
      this.socket.addEventListener('error', () => reject(new DOMException(`${USB_DOUBLE_MARKER}: no bus at ${url}`, 'NetworkError')), { once: true });
    });
    this.opened.catch(() => undefined);
    this.socket.addEventListener('message', (event: MessageEvent) => {
      const message = JSON.parse(String(event.data)) as WireMessage;
      if ('event' in message) {
        this.onEvent(message.event, message.device);
        return;
      }
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!waiter) return;
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new DOMException(message.error.message, message.error.name));
    });
  }

  async call<T>(op: string, device: string | undefined, args: readonly unknown[]): Promise<T> {
    await this.opened;
    const id = this.next++;
    const request: WireRequest = { id, op, ...(device === undefined ? {} : { device }), args };
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (value) => resolve(value as T), reject });
      this.socket.send(JSON.stringify(request));
    });
  }
}

function toBytes(data: BufferSource | undefined): number[] | undefined {
  if (data === undefined) return undefined;
  const view = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
  return [...view];
}

function inResult(result: WireTransferResult): USBInTransferResult {
  return { status: result.status, data: result.data ? new DataView(Uint8Array.from(result.data).buffer) : undefined } as USBInTransferResult;
}

function outResult(result: WireTransferResult): USBOutTransferResult {
  return { status: result.status, bytesWritten: result.bytesWritten ?? 0 } as USBOutTransferResult;
}

function configurationOf(wire: WireConfiguration): USBConfiguration {
  const interfaces = wire.interfaces.map((i) => {
    const alternates = i.alternates.map((a: WireAlternate) => ({ ...a, endpoints: a.endpoints.map((e) => ({ ...e })) })) as unknown as USBAlternateInterface[];
    return { interfaceNumber: i.interfaceNumber, alternate: alternates[0]!, alternates, claimed: false } as USBInterface;
  });
  return { configurationValue: wire.configurationValue, configurationName: wire.configurationName ?? undefined, interfaces } as USBConfiguration;
}

class WsUsbDevice {
  readonly usbVersionMajor = 2;
  readonly usbVersionMinor = 0;
  readonly usbVersionSubminor = 0;
  readonly deviceClass = 0;
  readonly deviceSubclass = 0;
  readonly deviceProtocol = 0;
  readonly deviceVersionMajor = 1;
  readonly deviceVersionMinor = 0;
  readonly deviceVersionSubminor = 0;
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string | undefined;
  readonly manufacturerName: string | undefined;
  readonly serialNumber: string | undefined;
  readonly configurations: USBConfiguration[];
  configuration: USBConfiguration | undefined = undefined;
  opened = false;

  constructor(
    private readonly wire: Wire,
    readonly key: string,
    info: WireDevice,
  ) {
    this.vendorId = info.vendorId;
    this.productId = info.productId;
    this.productName = info.productName ?? undefined;
    this.manufacturerName = info.manufacturerName ?? undefined;
    this.serialNumber = info.serialNumber ?? undefined;
    this.configurations = info.configurations.map(configurationOf);
  }

  private call<T>(op: string, ...args: unknown[]): Promise<T> {
    return this.wire.call<T>(op, this.key, args);
  }

  async open(): Promise<void> {
    const value = await this.call<number | null>('open');
    this.opened = true;
    this.configuration = this.configurations.find((c) => c.configurationValue === value);
  }
  async close(): Promise<void> {
    await this.call('close');
    this.opened = false;
  }
  async forget(): Promise<void> {
    await this.call('forget');
    this.opened = false;
  }
  async reset(): Promise<void> {
    await this.call('reset');
  }
  async selectConfiguration(value: number): Promise<void> {
    await this.call('selectConfiguration', value);
    this.configuration = this.configurations.find((c) => c.configurationValue === value);
  }
  claimInterface(n: number): Promise<void> {
    return this.call('claimInterface', n);
  }
  releaseInterface(n: number): Promise<void> {
    return this.call('releaseInterface', n);
  }
  selectAlternateInterface(n: number, alternate: number): Promise<void> {
    return this.call('selectAlternateInterface', n, alternate);
  }
  clearHalt(direction: USBDirection, endpoint: number): Promise<void> {
    return this.call('clearHalt', direction, endpoint);
  }
  async controlTransferIn(setup: USBControlTransferParameters, length: number): Promise<USBInTransferResult> {
    return inResult(await this.call<WireTransferResult>('controlTransferIn', setup, length));
  }
  async controlTransferOut(setup: USBControlTransferParameters, data?: BufferSource): Promise<USBOutTransferResult> {
    return outResult(await this.call<WireTransferResult>('controlTransferOut', setup, toBytes(data)));
  }
  async transferIn(endpoint: number, length: number): Promise<USBInTransferResult> {
    return inResult(await this.call<WireTransferResult>('transferIn', endpoint, length));
  }
  async transferOut(endpoint: number, data: BufferSource): Promise<USBOutTransferResult> {
    return outResult(await this.call<WireTransferResult>('transferOut', endpoint, toBytes(data)));
  }
  isochronousTransferIn(): Promise<USBIsochronousInTransferResult> {
    return Promise.reject(new DOMException('no isochronous endpoints', 'NotSupportedError'));
  }
  isochronousTransferOut(): Promise<USBIsochronousOutTransferResult> {
    return Promise.reject(new DOMException('no isochronous endpoints', 'NotSupportedError'));
  }
}

/** The `USB` interface over the wire: getDevices, requestDevice (the chooser), connect/disconnect events. */
export class WsUsb {
  readonly marker = USB_DOUBLE_MARKER;
  private readonly wire: Wire;
  private readonly devices = new Map<string, WsUsbDevice>();
  private readonly listeners: Record<'connect' | 'disconnect', Set<Listener>> = { connect: new Set(), disconnect: new Set() };
  onconnect: ((event: { device: USBDevice }) => void) | null = null;
  ondisconnect: ((event: { device: USBDevice }) => void) | null = null;

  constructor(url: string) {
    this.wire = new Wire(url);
    this.wire.onEvent = (kind, info) => {
      const device = this.device(info);
      if (kind === 'disconnect') this.devices.delete(info.key);
      for (const listener of [...this.listeners[kind]]) listener({ device });
      (kind === 'connect' ? this.onconnect : this.ondisconnect)?.({ device });
    };
    // Subscribe to events at once: the bus only tells contexts it has heard from.
    void this.getDevices().catch(() => undefined);
  }

  private device(info: WireDevice): USBDevice {
    let found = this.devices.get(info.key);
    if (!found) {
      found = new WsUsbDevice(this.wire, info.key, info);
      this.devices.set(info.key, found);
    }
    return found as unknown as USBDevice;
  }

  async getDevices(): Promise<USBDevice[]> {
    return (await this.wire.call<WireDevice[]>('getDevices', undefined, [])).map((info) => this.device(info));
  }

  async requestDevice(options: USBDeviceRequestOptions): Promise<USBDevice> {
    return this.device(await this.wire.call<WireDevice>('requestDevice', undefined, [options]));
  }

  addEventListener(type: 'connect' | 'disconnect', listener: Listener): void {
    this.listeners[type].add(listener);
  }

  removeEventListener(type: 'connect' | 'disconnect', listener: Listener): void {
    this.listeners[type].delete(listener);
  }
}

/** Puts the double in place of `navigator.usb` in this window or worker (test builds only). */
export function installUsbDouble(scope: { navigator: object }, url: string | undefined): void {
  if (!url) return;
  Object.defineProperty(scope.navigator, 'usb', { value: new WsUsb(url), configurable: true });
}
