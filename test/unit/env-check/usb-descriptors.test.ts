import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyDevice, DescriptorParseError, DEVICE_REACH, parseConfigurationDescriptor } from '../../../src/ui/env-check';
import { configDescriptor, usbDevice } from './fake-env';

describe('parseConfigurationDescriptor', () => {
  it('finds interfaces and the 54-byte CCID class descriptor (CCID Rev 1.1 §5.1)', () => {
    const parsed = parseConfigurationDescriptor(configDescriptor([{ cls: 0xff, ccid: true }, { cls: 0x08 }]));
    expect(parsed).toEqual([
      { interfaceNumber: 0, alternateSetting: 0, interfaceClass: 0xff, interfaceSubclass: 0, interfaceProtocol: 0, hasCcidDescriptor: true },
      { interfaceNumber: 1, alternateSetting: 0, interfaceClass: 0x08, interfaceSubclass: 0, interfaceProtocol: 0, hasCcidDescriptor: false },
    ]);
  });

  it('does not take a 9-byte HID descriptor (also type 0x21) for a CCID one', () => {
    const bytes = configDescriptor([{ cls: 0x03 }]);
    const withHid = Uint8Array.from([...bytes.slice(0, 18), 9, 0x21, 0x11, 0x01, 0, 1, 0x22, 0x20, 0, ...bytes.slice(18)]);
    withHid[2] = withHid.length;
    expect(parseConfigurationDescriptor(withHid)[0]?.hasCcidDescriptor).toBe(false);
  });

  it('rejects a short buffer, a wrong type, an overlong wTotalLength and an overrunning descriptor', () => {
    const good = configDescriptor([{ cls: 0x0b, ccid: true }]);
    expect(() => parseConfigurationDescriptor(good.slice(0, 5))).toThrow(DescriptorParseError);
    const wrongType = good.slice();
    wrongType[1] = 0x04;
    expect(() => parseConfigurationDescriptor(wrongType)).toThrow(/not a configuration descriptor/);
    const tooLong = good.slice();
    tooLong[2] = 0xff;
    expect(() => parseConfigurationDescriptor(tooLong)).toThrow(/wTotalLength/);
    const overrun = good.slice();
    overrun[9] = 0xf0;
    expect(() => parseConfigurationDescriptor(overrun)).toThrow(/overruns/);
    const zero = good.slice();
    zero[9] = 0;
    expect(() => parseConfigurationDescriptor(zero)).toThrow(DescriptorParseError);
  });

  it('property: any bytes give interfaces or a DescriptorParseError, never another error', () => {
    const arbitrary = fc.uint8Array({ maxLength: 300 });
    // Half the inputs start with a valid header so the loop body is exercised, not just the header checks.
    const headed = fc.tuple(fc.uint8Array({ maxLength: 200 }), fc.boolean()).map(([body, exact]) => {
      const total = exact ? 9 + body.length : (body.length * 7) & 0xffff;
      return Uint8Array.from([9, 2, total & 0xff, total >> 8, 1, 1, 0, 0x80, 50, ...body]);
    });
    fc.assert(
      fc.property(fc.oneof(arbitrary, headed), (bytes) => {
        try {
          const parsed = parseConfigurationDescriptor(bytes);
          expect(Array.isArray(parsed)).toBe(true);
          for (const i of parsed) expect(i.interfaceClass).toBeLessThanOrEqual(0xff);
        } catch (error) {
          expect(error).toBeInstanceOf(DescriptorParseError);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('classifyDevice (WebUSB protected-class rule, DESIGN.md §3)', () => {
  it('a class 0x0B interface is protected', () => {
    expect(classifyDevice(usbDevice(0x096e, 0x0807, [0x0b]), null)).toBe(DEVICE_REACH.PROTECTED_SMART_CARD);
  });
  it('a vendor 0xFF interface with the CCID descriptor is reachable, even beside a 0x0B one', () => {
    const parsed = parseConfigurationDescriptor(configDescriptor([{ cls: 0xff, ccid: true }, { cls: 0x0b, ccid: true }]));
    expect(classifyDevice(usbDevice(0x163c, 0x0417, [0xff, 0x0b]), parsed)).toBe(DEVICE_REACH.VENDOR_CCID);
  });
  it('a vendor interface without the CCID descriptor does not rescue a 0x0B one', () => {
    const parsed = parseConfigurationDescriptor(configDescriptor([{ cls: 0xff }, { cls: 0x0b, ccid: true }]));
    expect(classifyDevice(usbDevice(1, 2, [0xff, 0x0b]), parsed)).toBe(DEVICE_REACH.PROTECTED_SMART_CARD);
  });
  it('unread vendor descriptors are unknown; HID is HID; mass storage alone is other', () => {
    expect(classifyDevice(usbDevice(1, 2, [0xff]), null)).toBe(DEVICE_REACH.VENDOR_UNKNOWN);
    expect(classifyDevice(usbDevice(0x096e, 0x0006, [0x03]), null)).toBe(DEVICE_REACH.HID);
    expect(classifyDevice(usbDevice(1, 2, [0x08]), null)).toBe(DEVICE_REACH.OTHER);
  });
});
