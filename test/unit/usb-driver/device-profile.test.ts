import { describe, expect, it } from 'vitest';
import { DeviceNotFoundError, NoDeviceChosenError, WebUsbUnavailableError } from '../../../src/usb-driver/errors';
import { pairToken } from '../../../src/usb-driver/pairing';
import { findGrantedDevice, profileUsbDevice, tokenIdOf } from '../../../src/usb-driver/device-profile';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice, type VirtualUsbDeviceOptions } from '../../../src/virtual/virtual-token/virtual-usb-device';
import { FixtureCard } from './fixtures/fixture-card';

const device = (options: VirtualUsbDeviceOptions): VirtualUsbDevice => new VirtualUsbDevice(new FixtureCard(), options);

describe('profiling a granted device before opening it', () => {
  it('a standard CCID ePass2003 (class 0x0B) needs the protected-interface guide', () => {
    const profile = profileUsbDevice(device({ vendorId: 0x096e, productId: 0x0807, serialNumber: 'A1', productName: 'ePass2003' }));
    expect(profile).toMatchObject({ id: '096e:0807:A1', interfaceKind: 'ccid', advice: 'protected-interface' });
    expect(profile.known?.model).toBe('ePass2003');
    expect(profile.label).toBe('ePass2003 (096E:0807)');
  });

  it('a vendor-class CCID token should just work, at APDU or at TPDU level (issue 11 §4)', () => {
    expect(profileUsbDevice(device({ vendorId: 0x1ea8, productId: 0x8013, interfaceClass: 0xff })).advice).toBeNull();
    expect(profileUsbDevice(device({ vendorId: 0x163c, productId: 0x0407, interfaceClass: 0xff, exchangeLevel: 'tpdu', protocols: 'T0' })).advice).toBeNull();
    expect(profileUsbDevice(device({ vendorId: 0x1677, productId: 0x0025, interfaceClass: 0xff, exchangeLevel: 'tpdu' })).advice).toBeNull();
  });

  it('a TPDU-level Watchdata or HDZB key on its real class 0x0B needs the protected-interface guide, not "unsupported"', () => {
    expect(profileUsbDevice(device({ vendorId: 0x163c, productId: 0x0407, exchangeLevel: 'tpdu', protocols: 'T0' })).advice).toBe('protected-interface');
    expect(profileUsbDevice(device({ vendorId: 0x1677, productId: 0x0025, exchangeLevel: 'tpdu' })).advice).toBe('protected-interface');
  });

  it('the virtual token is never flagged, whatever its interface class', () => {
    const profile = profileUsbDevice(device({}));
    expect(profile).toMatchObject({ interfaceKind: 'virtual', advice: null });
  });

  it('finds a granted device by id, and says which id is missing', async () => {
    const usb = new VirtualUsb();
    const token = device({ serialNumber: 'S-42' });
    usb.plug(token);
    expect(tokenIdOf(token)).toBe('1209:0001:S-42');
    expect(await findGrantedDevice(usb, '1209:0001:S-42')).toBe(token);
    usb.unplug(token);
    const error = await findGrantedDevice(usb, '1209:0001:S-42').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceNotFoundError);
    expect((error as DeviceNotFoundError).deviceName).toBe('1209:0001:S-42');
  });
});

describe('pairing in the window', () => {
  it('returns the chosen device, or a typed error for each way the chooser fails', async () => {
    const usb = new VirtualUsb();
    await expect(pairToken(usb)).rejects.toBeInstanceOf(NoDeviceChosenError);
    const token = device({ interfaceClass: 0x0b });
    usb.plug(token, { granted: false });
    expect(await pairToken(usb)).toBe(token);
    await expect(pairToken(undefined)).rejects.toBeInstanceOf(WebUsbUnavailableError);
    const refusing = { requestDevice: () => Promise.reject(new DOMException('no gesture', 'SecurityError')) };
    await expect(pairToken(refusing)).rejects.toBeInstanceOf(WebUsbUnavailableError);
  });
});
