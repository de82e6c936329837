/**
 * USB descriptors of the virtual token (USB 2.0 §9.6, CCID Rev 1.1 §5): raw bytes for GET_DESCRIPTOR and the
 * matching WebUSB configuration objects.
 */
import {
  buildCcidDescriptor,
  exchangeLevelBits,
  PROTOCOL_BITS,
  type CcidDescriptor,
  type ExchangeLevel,
} from '../usb-driver/ccid-descriptor';

/** Endpoint numbers: bulk OUT 1, bulk IN 2, interrupt IN 3 (addresses 0x01, 0x82, 0x83). */
export const VIRTUAL_ENDPOINTS = { bulkOut: 1, bulkIn: 2, interruptIn: 3 } as const;
export const VIRTUAL_INTERFACE_NUMBER = 0;
const PACKET_SIZE = 64;
const INTERRUPT_PACKET_SIZE = 8;

/** dwFeatures automatic behaviours (CCID §5.1): ATR-based config, activation, voltage, clock, baud, PPS. */
const AUTO_FEATURES = 0x000000fe;

export function virtualCcidDescriptor(level: ExchangeLevel, maxMessageLength: number): CcidDescriptor {
  return {
    bcdCcid: 0x0110,
    maxSlotIndex: 0,
    voltageSupport: 0x07,
    protocols: PROTOCOL_BITS.t0 | PROTOCOL_BITS.t1,
    defaultClock: 4000,
    maximumClock: 4000,
    numClockSupported: 0,
    dataRate: 10752,
    maxDataRate: 344086,
    numDataRatesSupported: 0,
    maxIfsd: 254,
    synchProtocols: 0,
    mechanical: 0,
    features: AUTO_FEATURES | exchangeLevelBits(level),
    maxCcidMessageLength: maxMessageLength,
    classGetResponse: 0xff,
    classEnvelope: 0xff,
    lcdLayout: 0,
    pinSupport: 0,
    maxCcidBusySlots: 1,
  };
}

export function deviceDescriptor(vendorId: number, productId: number): Uint8Array {
  const out = new Uint8Array(18);
  const view = new DataView(out.buffer);
  out.set([18, 0x01]);
  view.setUint16(2, 0x0200, true); // bcdUSB 2.00
  out[7] = PACKET_SIZE;
  view.setUint16(8, vendorId, true);
  view.setUint16(10, productId, true);
  view.setUint16(12, 0x0100, true);
  out.set([1, 2, 3, 1], 14); // iManufacturer, iProduct, iSerialNumber, bNumConfigurations
  return out;
}

export function configurationDescriptor(interfaceClass: number, ccid: CcidDescriptor): Uint8Array {
  const endpoint = (address: number, attributes: number, size: number, interval: number): number[] => [
    7, 0x05, address, attributes, size & 0xff, size >> 8, interval,
  ];
  const body = [
    ...[9, 0x04, VIRTUAL_INTERFACE_NUMBER, 0, 3, interfaceClass, 0, 0, 0],
    ...buildCcidDescriptor(ccid),
    ...endpoint(VIRTUAL_ENDPOINTS.bulkOut, 0x02, PACKET_SIZE, 0),
    ...endpoint(0x80 | VIRTUAL_ENDPOINTS.bulkIn, 0x02, PACKET_SIZE, 0),
    ...endpoint(0x80 | VIRTUAL_ENDPOINTS.interruptIn, 0x03, INTERRUPT_PACKET_SIZE, 0x10),
  ];
  const total = 9 + body.length;
  // bNumInterfaces 1, bConfigurationValue 1, bus-powered (0x80), 100 mA (0x32 × 2 mA).
  return Uint8Array.from([9, 0x02, total & 0xff, total >> 8, 1, 1, 0, 0x80, 0x32, ...body]);
}

/** The WebUSB view of the same configuration; `claimed` reads the device's live state. */
export function webUsbConfiguration(interfaceClass: number, isClaimed: () => boolean): USBConfiguration {
  const endpoints: USBEndpoint[] = [
    { endpointNumber: VIRTUAL_ENDPOINTS.bulkOut, direction: 'out', type: 'bulk', packetSize: PACKET_SIZE },
    { endpointNumber: VIRTUAL_ENDPOINTS.bulkIn, direction: 'in', type: 'bulk', packetSize: PACKET_SIZE },
    { endpointNumber: VIRTUAL_ENDPOINTS.interruptIn, direction: 'in', type: 'interrupt', packetSize: INTERRUPT_PACKET_SIZE },
  ];
  const alternate: USBAlternateInterface = {
    alternateSetting: 0,
    interfaceClass,
    interfaceSubclass: 0,
    interfaceProtocol: 0,
    interfaceName: null,
    endpoints,
  };
  const usbInterface: USBInterface = {
    interfaceNumber: VIRTUAL_INTERFACE_NUMBER,
    alternate,
    alternates: [alternate],
    get claimed(): boolean {
      return isClaimed();
    },
  };
  return { configurationValue: 1, configurationName: null, interfaces: [usbInterface] };
}
