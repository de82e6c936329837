import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCcidDescriptor,
  exchangeLevelBits,
  exchangeLevelOf,
  findCcidDescriptor,
  parseCcidDescriptor,
  type CcidDescriptor,
} from '../../../src/usb-driver/ccid-descriptor';
import { findCcidInterface } from '../../../src/usb-driver/ccid-interface';
import { MalformedCcidError } from '../../../src/usb-driver/errors';
import { configurationDescriptor, virtualCcidDescriptor, webUsbConfiguration } from '../../../src/virtual/virtual-token/virtual-usb-descriptors';
import { hex, toHex } from './fixtures/fixture-card';

const VECTOR =
  '3621 1001 00 07 03000000 A00F0000 A00F0000 00 80250000 80250000 00 FE000000 00000000 00000000 FE000400 0F010000 FF FF 0000 00 01';
const EXPECTED: CcidDescriptor = {
  bcdCcid: 0x0110,
  maxSlotIndex: 0,
  voltageSupport: 7,
  protocols: 3,
  defaultClock: 4000,
  maximumClock: 4000,
  numClockSupported: 0,
  dataRate: 9600,
  maxDataRate: 9600,
  numDataRatesSupported: 0,
  maxIfsd: 254,
  synchProtocols: 0,
  mechanical: 0,
  features: 0x000400fe,
  maxCcidMessageLength: 271,
  classGetResponse: 0xff,
  classEnvelope: 0xff,
  lcdLayout: 0,
  pinSupport: 0,
  maxCcidBusySlots: 1,
};

describe('CCID class descriptor (CCID §5.1)', () => {
  it('parses a 54-byte descriptor field by field', () => {
    expect(hex(VECTOR).length).toBe(54);
    expect(parseCcidDescriptor(hex(VECTOR))).toEqual(EXPECTED);
    expect(exchangeLevelOf(EXPECTED.features)).toBe('extended-apdu');
  });

  it('builds the same bytes it parses', () => {
    expect(toHex(buildCcidDescriptor(EXPECTED))).toBe(VECTOR.replace(/ /g, ''));
  });

  it('reads the exchange level from dwFeatures bits 16-18', () => {
    expect(exchangeLevelOf(0x000100fe)).toBe('tpdu');
    expect(exchangeLevelOf(0x000200fe)).toBe('short-apdu');
    expect(exchangeLevelOf(0x000400fe)).toBe('extended-apdu');
    expect(exchangeLevelOf(0x000000fe)).toBe('character');
    for (const level of ['tpdu', 'short-apdu', 'extended-apdu', 'character'] as const) {
      expect(exchangeLevelOf(exchangeLevelBits(level))).toBe(level);
    }
  });

  it('rejects a wrong length or type with MalformedCcidError', () => {
    expect(() => parseCcidDescriptor(hex(VECTOR).subarray(0, 53))).toThrow(MalformedCcidError);
    const wrongType = hex(VECTOR);
    wrongType[1] = 0x22;
    expect(() => parseCcidDescriptor(wrongType)).toThrow(MalformedCcidError);
  });

  it('finds the descriptor of the right interface, even after its endpoints (vendor-class tokens)', () => {
    const hidInterface = hex('09 04 00 00 01 03 00 00 00  09 21 11 01 00 01 22 20 00  07 05 81 03 08 00 0A');
    const ccidInterface = hex(`09 04 01 00 02 FF 00 00 00  07 05 02 02 40 00 00  07 05 83 02 40 00 00  ${VECTOR}`);
    const total = 9 + hidInterface.length + ccidInterface.length;
    const configuration = Uint8Array.from([9, 2, total & 0xff, total >> 8, 2, 1, 0, 0x80, 0x32, ...hidInterface, ...ccidInterface]);
    expect(findCcidDescriptor(configuration, 1)).toEqual(EXPECTED);
    expect(findCcidDescriptor(configuration, 0)).toBeNull();
    expect(() => findCcidDescriptor(Uint8Array.from([9, 2, 0, 0, 0, 0x00]), 0)).toThrow(MalformedCcidError);
    // A pre-standard token whose CCID descriptor has type 0xFF is still found (as libccid accepts it).
    const vendorTyped = configuration.slice();
    vendorTyped[configuration.length - 54 + 1] = 0xff;
    expect(findCcidDescriptor(vendorTyped, 1)).toEqual(EXPECTED);
  });

  it('finds the CCID interface and its endpoints in the virtual token configuration', () => {
    const descriptor = virtualCcidDescriptor('short-apdu', 271);
    const raw = configurationDescriptor(0xff, descriptor);
    const found = findCcidInterface(webUsbConfiguration(0xff, () => false), raw);
    expect(found).toEqual({ interfaceNumber: 0, alternateSetting: 0, interfaceClass: 0xff, bulkIn: 2, bulkOut: 1, interruptIn: 3, descriptor });
    expect(findCcidInterface(webUsbConfiguration(0x03, () => false), raw)).toBeNull();
  });

  it('answers random descriptor and configuration bytes with MalformedCcidError only (fast-check)', () => {
    const typedOnly = (run: () => unknown): void => {
      try {
        run();
      } catch (error) {
        if (!(error instanceof MalformedCcidError)) throw error;
      }
    };
    const descriptorLike = fc.uint8Array({ minLength: 52, maxLength: 56 }).map((b) => {
      const out = b.slice();
      if (out.length > 1) [out[0], out[1]] = [54, 0x21];
      return out;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), descriptorLike), fc.nat(3), (bytes, n) => {
        typedOnly(() => parseCcidDescriptor(bytes));
        typedOnly(() => findCcidDescriptor(bytes, n));
      }),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(fc.record({ a: fc.nat(0xffff), b: fc.nat(0xff), c: fc.nat(0xffffffff) }), ({ a, b, c }) => {
        const d: CcidDescriptor = { ...EXPECTED, bcdCcid: a, maxSlotIndex: b, features: c, maxCcidMessageLength: (c ^ 0x5a5a) >>> 0 };
        expect(parseCcidDescriptor(buildCcidDescriptor(d))).toEqual(d);
      }),
      { numRuns: 1000 },
    );
  });
});
