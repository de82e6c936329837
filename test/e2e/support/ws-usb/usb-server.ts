/**
 * The Node side of the E2E USB double (issue 15 §4): one virtual USB bus for a whole browser. Each WebSocket
 * connection is one browsing context (a window or a worker) with its own handles on the shared devices
 * (test/support/shared-usb.ts): one claim at a time, as the operating system enforces it, and plug events sent
 * to every context. The test plugs, unplugs and inspects devices here.
 */
import type { Server } from 'node:http';
import type { VirtualUsb } from '../../../../src/virtual/virtual-token/virtual-usb-bus';
import type { VirtualUsbDevice } from '../../../../src/virtual/virtual-token/virtual-usb-device';
import type { UsbLike } from '../../../../src/usb-driver/usb-like';
import { SharedUsb } from '../../../support/shared-usb';
import { startMiniWebSocketServer, type MiniSocket } from './mini-websocket';
import type { WireConfiguration, WireDevice, WireMessage, WireRequest, WireTransferResult } from './wire';

export interface UsbDoubleServer {
  readonly url: string;
  readonly shared: SharedUsb;
  /** Plugs `device` in; `granted` false = the user has not picked it in the chooser yet. */
  plug(device: VirtualUsbDevice, options?: { granted?: boolean }): void;
  unplug(device: VirtualUsbDevice): void;
  /** How many contexts (pages, workers) are connected now. */
  readonly connections: number;
  close(): Promise<void>;
}

function wireConfiguration(configuration: USBConfiguration): WireConfiguration {
  return {
    configurationValue: configuration.configurationValue,
    configurationName: configuration.configurationName ?? null,
    interfaces: configuration.interfaces.map((i) => ({
      interfaceNumber: i.interfaceNumber,
      alternates: i.alternates.map((a) => ({
        alternateSetting: a.alternateSetting,
        interfaceClass: a.interfaceClass,
        interfaceSubclass: a.interfaceSubclass,
        interfaceProtocol: a.interfaceProtocol,
        interfaceName: a.interfaceName ?? null,
        endpoints: a.endpoints.map((e) => ({ endpointNumber: e.endpointNumber, direction: e.direction, type: e.type, packetSize: e.packetSize })),
      })),
    })),
  };
}

function bytesOf(view: DataView | undefined): number[] | undefined {
  return view ? [...new Uint8Array(view.buffer, view.byteOffset, view.byteLength)] : undefined;
}

export async function startUsbDoubleServer(bus: VirtualUsb, port: number): Promise<UsbDoubleServer> {
  const shared = new SharedUsb(bus);
  // Plug counts by serial number: a replugged device is a new USBDevice object in every context (WebUSB §5).
  const plugs = new Map<string, number>();
  const wire = (device: USBDevice): WireDevice => ({
    key: `${device.serialNumber ?? '-'}@${plugs.get(device.serialNumber ?? '-') ?? 0}`,
    vendorId: device.vendorId,
    productId: device.productId,
    productName: device.productName ?? null,
    manufacturerName: device.manufacturerName ?? null,
    serialNumber: device.serialNumber ?? null,
    configurations: device.configurations.map(wireConfiguration),
  });
  let connections = 0;

  const serve = (socket: MiniSocket): void => {
    connections++;
    const context: UsbLike = shared.context();
    const handles = new Map<string, USBDevice>();
    const send = (message: WireMessage): void => socket.send(JSON.stringify(message));
    const remember = (device: USBDevice): WireDevice => {
      const described = wire(device);
      handles.set(described.key, device);
      return described;
    };
    const onConnect = (event: { device: USBDevice }): void => send({ event: 'connect', device: remember(event.device) });
    const onDisconnect = (event: { device: USBDevice }): void => {
      const key = [...handles].find(([, handle]) => handle === event.device)?.[0];
      if (key) send({ event: 'disconnect', device: { key, vendorId: event.device.vendorId, productId: event.device.productId, productName: null, manufacturerName: null, serialNumber: event.device.serialNumber ?? null, configurations: [] } });
    };
    context.addEventListener('connect', onConnect);
    context.addEventListener('disconnect', onDisconnect);
    socket.onClose(() => {
      connections--;
      context.removeEventListener('connect', onConnect);
      context.removeEventListener('disconnect', onDisconnect);
      // A closed page or worker lets go of what it held, as the browser does when a realm goes away.
      for (const device of handles.values()) void device.close().catch(() => undefined);
    });
    socket.onMessage((text) => {
      const request = JSON.parse(text) as WireRequest;
      void answer(request).then(
        (value) => send({ id: request.id, ok: true, value }),
        (error: unknown) => {
          const e = error as { name?: string; message?: string };
          send({ id: request.id, ok: false, error: { name: e.name ?? 'Error', message: e.message ?? String(error) } });
        },
      );
    });

    const answer = async (request: WireRequest): Promise<unknown> => {
      const args = request.args;
      if (request.op === 'getDevices') return (await context.getDevices()).map(remember);
      if (request.op === 'requestDevice') {
        // The user picks the first device the filters match, as a chooser with one entry.
        const chosen = await bus.requestDevice(args[0] as USBDeviceRequestOptions);
        const view = (await context.getDevices()).find((d) => d.serialNumber === chosen.serialNumber);
        if (!view) throw new DOMException('No device selected.', 'NotFoundError');
        return remember(view);
      }
      const device = handles.get(request.device ?? '');
      if (!device) throw new DOMException('The device was disconnected.', 'NotFoundError');
      switch (request.op) {
        case 'open':
          await device.open();
          return device.configuration?.configurationValue ?? null;
        case 'close':
          return device.close();
        case 'forget':
          return device.close();
        case 'reset':
          return device.reset();
        case 'selectConfiguration':
          return device.selectConfiguration(args[0] as number);
        case 'claimInterface':
          return device.claimInterface(args[0] as number);
        case 'releaseInterface':
          return device.releaseInterface(args[0] as number);
        case 'selectAlternateInterface':
          return device.selectAlternateInterface(args[0] as number, args[1] as number);
        case 'clearHalt':
          return device.clearHalt(args[0] as USBDirection, args[1] as number);
        case 'controlTransferIn': {
          const result = await device.controlTransferIn(args[0] as USBControlTransferParameters, args[1] as number);
          return { status: result.status, data: bytesOf(result.data) } satisfies WireTransferResult;
        }
        case 'controlTransferOut': {
          const data = args[1] as number[] | undefined;
          const result = await device.controlTransferOut(args[0] as USBControlTransferParameters, data ? Uint8Array.from(data) : undefined);
          return { status: result.status, bytesWritten: result.bytesWritten } satisfies WireTransferResult;
        }
        case 'transferIn': {
          const result = await device.transferIn(args[0] as number, args[1] as number);
          return { status: result.status, data: bytesOf(result.data) } satisfies WireTransferResult;
        }
        case 'transferOut': {
          const result = await device.transferOut(args[0] as number, Uint8Array.from(args[1] as number[]));
          return { status: result.status, bytesWritten: result.bytesWritten } satisfies WireTransferResult;
        }
        default:
          throw new DOMException(`${request.op} is not supported by the USB double`, 'NotSupportedError');
      }
    };
  };

  const server: Server = await startMiniWebSocketServer(port, serve);
  return {
    url: `ws://127.0.0.1:${port}`,
    shared,
    plug: (device, options) => {
      const serial = device.serialNumber ?? '-';
      plugs.set(serial, (plugs.get(serial) ?? 0) + 1);
      bus.plug(device, options);
    },
    unplug: (device) => bus.unplug(device),
    get connections() {
      return connections;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
