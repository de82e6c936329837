import type { EnvProbe, UsbDeviceShape } from '../../../src/ui/env-check';

export const BUILD_TIME = '2026-11-01T00:00:00.000Z';

/** A healthy browser; each test overrides what it is about. */
export function fakeEnv(overrides: Partial<EnvProbe> = {}): EnvProbe {
  return {
    isSecureContext: true,
    hasWebUsb: true,
    hasWebHid: true,
    hasWebSmartCard: false,
    hasWorker: true,
    isOnline: true,
    buildTime: BUILD_TIME,
    now: () => Date.parse('2026-11-22T12:00:00Z'),
    probeWorkerApis: async () => ({ usb: true, hid: true }),
    getUsbDevices: async () => [],
    readConfigurationDescriptor: async () => null,
    listPairedTokens: async () => [],
    fetchServerTime: async () => Date.parse('2026-11-22T12:00:30Z'),
    storagePersisted: async () => true,
    serviceWorkerState: async () => ({ supported: true, controlled: true, version: '0.1.0+x', updateWaiting: false }),
    probeIndexedDb: async () => undefined,
    reachSite: async () => true,
    ...overrides,
  };
}

export function usbDevice(vendorId: number, productId: number, classes: number[], serialNumber?: string): UsbDeviceShape {
  return {
    vendorId,
    productId,
    productName: `Token ${vendorId.toString(16)}`,
    serialNumber,
    configurations: [
      {
        interfaces: classes.map((interfaceClass, interfaceNumber) => ({
          interfaceNumber,
          alternates: [{ interfaceClass, interfaceSubclass: 0, interfaceProtocol: 0 }],
        })),
      },
    ],
  };
}

/** A configuration descriptor: 9-byte header, then per interface a 9-byte interface descriptor, optionally the CCID one. */
export function configDescriptor(interfaces: Array<{ cls: number; ccid?: boolean }>): Uint8Array {
  const parts: number[] = [];
  interfaces.forEach(({ cls, ccid }, n) => {
    parts.push(9, 0x04, n, 0, 3, cls, 0, 0, 0);
    if (ccid) parts.push(0x36, 0x21, ...new Array<number>(52).fill(0));
    parts.push(7, 0x05, 0x81, 0x02, 64, 0, 0); // an endpoint descriptor
  });
  const total = 9 + parts.length;
  return Uint8Array.from([9, 0x02, total & 0xff, total >> 8, interfaces.length, 1, 0, 0x80, 50, ...parts]);
}
