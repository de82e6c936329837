/**
 * USB descriptors of the virtual token (USB 2.0 §9.6, CCID Rev 1.1 §5): raw bytes for GET_DESCRIPTOR and the
 * matching WebUSB configuration objects.
 */
/** How much of an APDU exchange the reader does itself (CCID §5.1 dwFeatures bits 16–18). */
export type ReaderExchangeLevel = 'character' | 'tpdu' | 'short-apdu' | 'extended-apdu';

const EXCHANGE_LEVEL_FEATURE: Readonly<Record<ReaderExchangeLevel, number>> = {
  character: 0,
  tpdu: 0x00010000,
  'short-apdu': 0x00020000,
  'extended-apdu': 0x00040000,
};

/** Fields of the Smart Card Device Class descriptor (CCID §5.1 table 5.1-1), in its order. */
export interface ReaderClassDescriptor {
  readonly bcdCcid: number;
  readonly maxSlotIndex: number;
  readonly voltageSupport: number;
  readonly protocols: number;
  readonly defaultClock: number;
  readonly maximumClock: number;
  readonly numClockSupported: number;
  readonly dataRate: number;
  readonly maxDataRate: number;
  readonly numDataRatesSupported: number;
  readonly maxIfsd: number;
  readonly synchProtocols: number;
  readonly mechanical: number;
  readonly features: number;
  readonly maxCcidMessageLength: number;
  readonly classGetResponse: number;
  readonly classEnvelope: number;
  readonly lcdLayout: number;
  readonly pinSupport: number;
  readonly maxCcidBusySlots: number;
}

const CCID_DESCRIPTOR_LENGTH = 54;
const CCID_DESCRIPTOR_TYPE = 0x21;
/** dwProtocols (CCID §5.1): bit 0 T=0, bit 1 T=1. */
const PROTOCOL_T0_T1 = 0x03;

/** The 54 descriptor bytes: each field little-endian at its table 5.1-1 offset. */
export function encodeReaderClassDescriptor(d: ReaderClassDescriptor): Uint8Array {
  const out = new Uint8Array(CCID_DESCRIPTOR_LENGTH);
  const view = new DataView(out.buffer);
  out[0] = CCID_DESCRIPTOR_LENGTH;
  out[1] = CCID_DESCRIPTOR_TYPE;
  view.setUint16(2, d.bcdCcid, true);
  out[4] = d.maxSlotIndex;
  out[5] = d.voltageSupport;
  view.setUint32(6, d.protocols, true);
  view.setUint32(10, d.defaultClock, true);
  view.setUint32(14, d.maximumClock, true);
  out[18] = d.numClockSupported;
  view.setUint32(19, d.dataRate, true);
  view.setUint32(23, d.maxDataRate, true);
  out[27] = d.numDataRatesSupported;
  view.setUint32(28, d.maxIfsd, true);
  view.setUint32(32, d.synchProtocols, true);
  view.setUint32(36, d.mechanical, true);
  view.setUint32(40, d.features, true);
  view.setUint32(44, d.maxCcidMessageLength, true);
  out[48] = d.classGetResponse;
  out[49] = d.classEnvelope;
  view.setUint16(50, d.lcdLayout, true);
  out[52] = d.pinSupport;
  out[53] = d.maxCcidBusySlots;
  return out;
}

/** USB interface classes (USB-IF class codes): 0B Smart Card; FF vendor-specific (many Chinese tokens). */
export const INTERFACE_CLASS = { SmartCard: 0x0b, VendorSpecific: 0xff } as const;

/** pid.codes' test VID:PID, which the driver's known-token list names as the virtual token. */
export const VIRTUAL_TOKEN_USB_IDS = { vendorId: 0x1209, productId: 0x0001 } as const;

/** Endpoint numbers: bulk OUT 1, bulk IN 2, interrupt IN 3 (addresses 0x01, 0x82, 0x83). */
export const VIRTUAL_ENDPOINTS = { bulkOut: 1, bulkIn: 2, interruptIn: 3 } as const;
export const VIRTUAL_INTERFACE_NUMBER = 0;
const PACKET_SIZE = 64;
const INTERRUPT_PACKET_SIZE = 8;

/** dwFeatures automatic behaviours (CCID §5.1): ATR-based config, activation, voltage, clock, baud, PPS. */
const AUTO_FEATURES = 0x000000fe;
/**
 * At TPDU level only automatic clock frequency and baud rate (0x10, 0x20), as HDZB's uKeyCI800 declares
 * (libccid readers/BZH_uKeyCI800-K1.txt, dwFeatures 0x00010030): the host does PPS, SetParameters and IFSD.
 */
const TPDU_AUTO_FEATURES = 0x00000030;

export function virtualCcidDescriptor(level: ReaderExchangeLevel, maxMessageLength: number, protocols = PROTOCOL_T0_T1): ReaderClassDescriptor {
  return {
    bcdCcid: 0x0110,
    maxSlotIndex: 0,
    voltageSupport: 0x07,
    protocols,
    defaultClock: 4000,
    maximumClock: 4000,
    numClockSupported: 0,
    dataRate: 10752,
    maxDataRate: 344086,
    numDataRatesSupported: 0,
    maxIfsd: 254,
    synchProtocols: 0,
    mechanical: 0,
    features: (level === 'tpdu' ? TPDU_AUTO_FEATURES : AUTO_FEATURES) | EXCHANGE_LEVEL_FEATURE[level],
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

export function configurationDescriptor(interfaceClass: number, ccid: ReaderClassDescriptor): Uint8Array {
  const endpoint = (address: number, attributes: number, size: number, interval: number): number[] => [
    7, 0x05, address, attributes, size & 0xff, size >> 8, interval,
  ];
  const body = [
    ...[9, 0x04, VIRTUAL_INTERFACE_NUMBER, 0, 3, interfaceClass, 0, 0, 0],
    ...encodeReaderClassDescriptor(ccid),
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
