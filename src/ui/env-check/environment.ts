/**
 * What the checks may ask of the browser, as one injected object: the real one is built by
 * browser-environment.ts, unit tests pass fakes. Shapes are the subsets of WebUSB types the checks read,
 * so a real USBDevice fits them.
 */

export interface UsbAlternateShape {
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
}

export interface UsbInterfaceShape {
  readonly interfaceNumber: number;
  readonly alternates: readonly UsbAlternateShape[];
}

export interface UsbDeviceShape {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName?: string | null | undefined;
  readonly serialNumber?: string | undefined | null;
  readonly configurations: readonly { readonly interfaces: readonly UsbInterfaceShape[] }[];
}

/** A token the app has paired before (from the store or the driver); PairedToken fits it. */
export interface PairedTokenRef {
  readonly id: string;
  readonly vendorId: number;
  readonly productId: number;
  readonly usbSerialNumber: string | null;
  readonly label?: string | null;
  readonly isDemo: boolean;
}

export interface ServiceWorkerState {
  readonly supported: boolean;
  /** The page is controlled by an active worker (offline use works). */
  readonly controlled: boolean;
  /** Version answered by the active worker (GET_VERSION), null when it did not answer. */
  readonly version: string | null;
  /** A newer worker is installed and waiting for the user's consent. */
  readonly updateWaiting: boolean;
}

export interface EnvProbe {
  readonly isSecureContext: boolean;
  readonly hasWebUsb: boolean;
  readonly hasWebHid: boolean;
  readonly hasWebSmartCard: boolean;
  readonly hasWorker: boolean;
  readonly isOnline: boolean;
  /** Build time (ISO) injected by Vite; null outside a build. */
  readonly buildTime: string | null;
  now(): number;
  /** Starts a dedicated worker and asks which device APIs it sees; null when the worker could not run. */
  probeWorkerApis(): Promise<{ readonly usb: boolean; readonly hid: boolean } | null>;
  /** Granted and connected devices (`navigator.usb.getDevices()`). */
  getUsbDevices(): Promise<readonly UsbDeviceShape[]>;
  /** Raw configuration descriptor of a device, when it can be read without disturbing it; else null. */
  readConfigurationDescriptor(device: UsbDeviceShape): Promise<Uint8Array | null>;
  listPairedTokens(): Promise<readonly PairedTokenRef[]>;
  /** The server's clock (`Date` header of a HEAD to our own origin) in ms; null when unavailable. */
  fetchServerTime(): Promise<number | null>;
  /** `navigator.storage.persisted()`; null when the API is missing. */
  storagePersisted(): Promise<boolean | null>;
  serviceWorkerState(): Promise<ServiceWorkerState>;
  /** Opens, writes, reads back and deletes a scratch database; rejects when IndexedDB is unusable. */
  probeIndexedDb(): Promise<void>;
  /** Whether a site answers at all (a `no-cors` request: opaque answer = reachable, TypeError = blocked). */
  reachSite(origin: string): Promise<boolean>;
}
