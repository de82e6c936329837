/**
 * The 54-byte Smart Card Device Class descriptor (CCID Rev 1.1 §5.1, bDescriptorType 0x21): parse, build, and
 * find it among the raw configuration descriptor bytes (USB 2.0 §9.6.3: descriptors follow each other, each
 * starting with bLength, bDescriptorType).
 */
import { MalformedCcidError } from './ccid-errors';

export const CCID_DESCRIPTOR_LENGTH = 54;
export const CCID_DESCRIPTOR_TYPE = 0x21;
const INTERFACE_DESCRIPTOR_TYPE = 0x04;
const ENDPOINT_DESCRIPTOR_TYPE = 0x05;

/** dwFeatures bits 16-18 (CCID §5.1): how much of ISO 7816-3 the reader does for us. */
export const EXCHANGE_LEVEL_BITS = { tpdu: 0x00010000, shortApdu: 0x00020000, extendedApdu: 0x00040000 } as const;
export type ExchangeLevel = 'character' | 'tpdu' | 'short-apdu' | 'extended-apdu';

/** dwProtocols bits (CCID §5.1). */
export const PROTOCOL_BITS = { t0: 0x01, t1: 0x02 } as const;

export interface CcidDescriptor {
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

export function exchangeLevelOf(features: number): ExchangeLevel {
  if (features & EXCHANGE_LEVEL_BITS.extendedApdu) return 'extended-apdu';
  if (features & EXCHANGE_LEVEL_BITS.shortApdu) return 'short-apdu';
  if (features & EXCHANGE_LEVEL_BITS.tpdu) return 'tpdu';
  return 'character';
}

export function exchangeLevelBits(level: ExchangeLevel): number {
  switch (level) {
    case 'extended-apdu':
      return EXCHANGE_LEVEL_BITS.extendedApdu;
    case 'short-apdu':
      return EXCHANGE_LEVEL_BITS.shortApdu;
    case 'tpdu':
      return EXCHANGE_LEVEL_BITS.tpdu;
    case 'character':
      return 0;
  }
}

/** `anyType`: accept a descriptor type other than 0x21, as pre-standard vendor-class tokens use (see below). */
export function parseCcidDescriptor(bytes: Uint8Array, options: { anyType?: boolean } = {}): CcidDescriptor {
  if (bytes.length !== CCID_DESCRIPTOR_LENGTH || bytes[0] !== CCID_DESCRIPTOR_LENGTH) {
    throw new MalformedCcidError('bad-descriptor-length', `CCID descriptor of ${bytes.length} bytes, bLength ${String(bytes[0])}`);
  }
  if (!options.anyType && bytes[1] !== CCID_DESCRIPTOR_TYPE) {
    throw new MalformedCcidError('bad-descriptor-type', `CCID descriptor type 0x${(bytes[1] ?? 0).toString(16)}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u8 = (offset: number): number => view.getUint8(offset);
  const u16 = (offset: number): number => view.getUint16(offset, true);
  const u32 = (offset: number): number => view.getUint32(offset, true);
  return {
    bcdCcid: u16(2),
    maxSlotIndex: u8(4),
    voltageSupport: u8(5),
    protocols: u32(6),
    defaultClock: u32(10),
    maximumClock: u32(14),
    numClockSupported: u8(18),
    dataRate: u32(19),
    maxDataRate: u32(23),
    numDataRatesSupported: u8(27),
    maxIfsd: u32(28),
    synchProtocols: u32(32),
    mechanical: u32(36),
    features: u32(40),
    maxCcidMessageLength: u32(44),
    classGetResponse: u8(48),
    classEnvelope: u8(49),
    lcdLayout: u16(50),
    pinSupport: u8(52),
    maxCcidBusySlots: u8(53),
  };
}

export function buildCcidDescriptor(d: CcidDescriptor): Uint8Array {
  const out = new Uint8Array(CCID_DESCRIPTOR_LENGTH);
  const view = new DataView(out.buffer);
  view.setUint8(0, CCID_DESCRIPTOR_LENGTH);
  view.setUint8(1, CCID_DESCRIPTOR_TYPE);
  view.setUint16(2, d.bcdCcid, true);
  view.setUint8(4, d.maxSlotIndex);
  view.setUint8(5, d.voltageSupport);
  view.setUint32(6, d.protocols, true);
  view.setUint32(10, d.defaultClock, true);
  view.setUint32(14, d.maximumClock, true);
  view.setUint8(18, d.numClockSupported);
  view.setUint32(19, d.dataRate, true);
  view.setUint32(23, d.maxDataRate, true);
  view.setUint8(27, d.numDataRatesSupported);
  view.setUint32(28, d.maxIfsd, true);
  view.setUint32(32, d.synchProtocols, true);
  view.setUint32(36, d.mechanical, true);
  view.setUint32(40, d.features, true);
  view.setUint32(44, d.maxCcidMessageLength, true);
  view.setUint8(48, d.classGetResponse);
  view.setUint8(49, d.classEnvelope);
  view.setUint16(50, d.lcdLayout, true);
  view.setUint8(52, d.pinSupport);
  view.setUint8(53, d.maxCcidBusySlots);
  return out;
}

/**
 * Finds the CCID class descriptor of one interface in a raw configuration descriptor. It sits after the
 * interface descriptor, usually before the endpoints; some tokens put it after them, so we search until the
 * next interface descriptor. Like libccid, any 54-byte non-endpoint descriptor there counts: tokens built
 * before CCID 1.0 was final carry it on a vendor-class (0xFF) interface, not always with type 0x21.
 * Returns null when the interface has none.
 */
export function findCcidDescriptor(configuration: Uint8Array, interfaceNumber: number): CcidDescriptor | null {
  let offset = 0;
  let inside = false;
  while (offset + 2 <= configuration.length) {
    const length = configuration[offset] as number;
    const type = configuration[offset + 1] as number;
    if (length < 2 || offset + length > configuration.length) {
      throw new MalformedCcidError('bad-configuration', `Descriptor of bLength ${length} at offset ${offset}`);
    }
    if (type === INTERFACE_DESCRIPTOR_TYPE && length >= 3) {
      inside = configuration[offset + 2] === interfaceNumber;
    } else if (inside && type !== ENDPOINT_DESCRIPTOR_TYPE && length === CCID_DESCRIPTOR_LENGTH) {
      return parseCcidDescriptor(configuration.subarray(offset, offset + length), { anyType: true });
    }
    offset += length;
  }
  return null;
}
