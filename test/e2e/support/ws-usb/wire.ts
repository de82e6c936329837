/**
 * The E2E USB double's wire format (JSON over a WebSocket): pages and workers call navigator.usb methods on the
 * Node-side virtual bus; the bus pushes connect/disconnect events. Bytes travel as number arrays (frames are a
 * few hundred bytes). Shared by the browser side (browser-usb.ts) and the Node side (usb-server.ts).
 */

/** A marker the production-bundle test greps for: it is in every build that carries the double. */
export const USB_DOUBLE_MARKER = 'ukey-e2e-websocket-usb-double';

/** The build-time variable that carries the double's address into a test build (`--mode e2e-usb`). */
export const USB_DOUBLE_MODE = 'e2e-usb';

export interface WireEndpoint {
  readonly endpointNumber: number;
  readonly direction: USBDirection;
  readonly type: USBEndpointType;
  readonly packetSize: number;
}

export interface WireAlternate {
  readonly alternateSetting: number;
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
  readonly interfaceName: string | null;
  readonly endpoints: readonly WireEndpoint[];
}

export interface WireConfiguration {
  readonly configurationValue: number;
  readonly configurationName: string | null;
  readonly interfaces: readonly { readonly interfaceNumber: number; readonly alternates: readonly WireAlternate[] }[];
}

export interface WireDevice {
  /** Stable while plugged; a replugged device gets a new key (a new USBDevice object, WebUSB §5). */
  readonly key: string;
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string | null;
  readonly manufacturerName: string | null;
  readonly serialNumber: string | null;
  readonly configurations: readonly WireConfiguration[];
}

export interface WireRequest {
  readonly id: number;
  readonly op: string;
  readonly device?: string;
  readonly args: readonly unknown[];
}

export type WireMessage =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string } }
  | { readonly event: 'connect' | 'disconnect'; readonly device: WireDevice };

export interface WireTransferResult {
  readonly status: USBTransferStatus;
  readonly data?: readonly number[];
  readonly bytesWritten?: number;
}
