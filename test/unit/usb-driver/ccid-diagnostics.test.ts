import { describe, expect, it } from 'vitest';
import type { ApduTransport } from '../../../src/apdu/transport';
import { describeCcidLink } from '../../../src/usb-driver/ccid-diagnostics';
import { CcidTransport } from '../../../src/usb-driver/ccid-transport';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../../src/virtual/virtual-token/virtual-usb-device';
import { virtualCcidDescriptor } from '../../../src/virtual/virtual-token/virtual-usb-descriptors';
import { FixtureCard, hex } from './fixtures/fixture-card';

describe('CCID link report for the helpdesk', () => {
  it('describes the virtual token after open', async () => {
    const usb = new VirtualUsb();
    const device = new VirtualUsbDevice(new FixtureCard(), { exchangeLevel: 'short-apdu' });
    usb.plug(device);
    const transport = await CcidTransport.open(device, { usb });
    const report = transport.report();
    expect(report).toEqual({
      deviceName: 'UKey Virtual PIV Token (1209:0001)',
      exchangeLevel: 'short-apdu',
      bcdCcid: '1.10',
      featuresHex: '000200FE',
      maxCcidMessageLength: 271,
      readerProtocols: ['T=0', 'T=1'],
      atrHex: '3BFD1300008131FE158073C021C057597562694B657940',
      cardProtocols: ['T=1'],
      historicalBytesHex: '8073C021C057597562694B6579',
      atrProblem: null,
    });
    expect(structuredClone(report)).toEqual(report);
    await transport.close();
  });

  it('is what ApduTransport.describe() gives, as plain JSON, with atr and disconnect state on the interface', async () => {
    const usb = new VirtualUsb();
    const device = new VirtualUsbDevice(new FixtureCard(), { exchangeLevel: 'short-apdu' });
    usb.plug(device);
    const transport: ApduTransport = await CcidTransport.open(device, { usb });
    const described = transport.describe();
    expect(described).toMatchObject({ transport: 'webusb-ccid', exchangeLevel: 'short-apdu', atrHex: '3BFD1300008131FE158073C021C057597562694B657940' });
    expect(JSON.parse(JSON.stringify(described))).toEqual(described);
    expect(transport.atr.length).toBe(23);
    let heard = 0;
    transport.onDisconnect(() => heard++);
    expect(transport.isDisconnected).toBe(false);
    usb.unplug(device);
    await Promise.resolve();
    expect(transport.isDisconnected).toBe(true);
    expect(heard).toBe(1);
  });

  it('reports a broken ATR instead of failing', () => {
    const report = describeCcidLink('T', virtualCcidDescriptor('extended-apdu', 3072), hex('3BFD13'));
    expect(report.atrProblem).toBe('truncated');
    expect(report.cardProtocols).toEqual([]);
  });
});
