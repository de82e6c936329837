import { describe, expect, it } from 'vitest';
import { NO_REDACTION } from '../../../src/apdu/redaction';
import { DeviceSourceRegistry } from '../../../src/sources/device-source';
import { WebSmartCardDeviceSource, knownTokenForReader } from '../../../src/sources/smart-card';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { FakeSmartCardSystem } from '../../support/fake-smart-card';

const SELECT_PIV = Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x05, 0xa0, 0x00, 0x00, 0x03, 0x08);

describe('WebSmartCardDeviceSource in the device-source registry', () => {
  it('lists readers holding a card as tokens, by reader name, and opens a transport to each', async () => {
    const system = new FakeSmartCardSystem();
    system.plugReader('Watchdata W5181 00 00', PivCard.create());
    system.plugReader('Generic Reader 01 00');
    const registry = new DeviceSourceRegistry([await WebSmartCardDeviceSource.open(system)]);
    const devices = await registry.list();
    expect(devices.map((d) => d.paired)).toEqual([
      {
        id: 'pcsc:Watchdata W5181 00 00',
        vendorId: 0x163c,
        productId: 0x0a03,
        productName: 'Watchdata W5181 00 00',
        usbSerialNumber: null,
        transport: 'smart-card',
        vendor: 'Watchdata',
        model: 'W5181',
        isDemo: false,
      },
    ]);
    const found = await registry.find('pcsc:Watchdata W5181 00 00');
    const transport = await found!.openTransport({ redaction: NO_REDACTION });
    expect((await transport.exchange(SELECT_PIV)).slice(-2)).toEqual(Uint8Array.of(0x90, 0x00));
    expect(transport.describe()).toMatchObject({ source: 'web-smart-card', readerName: 'Watchdata W5181 00 00' });
    await transport.close();
  });

  it('names a token from the reader name only when vendor and model both appear', () => {
    expect(knownTokenForReader('Watchdata USB Key 00 00')?.family).toBe('watchdata-usb-key');
    expect(knownTokenForReader('HaiTai USB Key 00 00')?.family).toBe('haitai');
    expect(knownTokenForReader('Some USB Key 00 00')).toBeNull();
    expect(knownTokenForReader('Virtual PCD 00 00')).toBeNull();
  });
});
