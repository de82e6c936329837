import { describe, expect, it } from 'vitest';
import { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { DeviceSourceRegistry } from '../../src/sources/device-source';
import { usbTokenId, WebUsbCcidSource } from '../../src/sources/webusb-ccid-source';
import { createDeviceService } from '../../src/worker/device-service';

const noDemo = () => Promise.reject(new Error('unused'));

describe('device sources: granted devices as the worker sees them', () => {
  it('ids are VID:PID:serial, made unique when devices share one; ungranted devices are not listed', async () => {
    const usb = new VirtualUsb();
    const a = new VirtualUsbDevice(PivCard.create(), { vendorId: 0x096e, productId: 0x0807, serialNumber: 'S1' });
    const b = new VirtualUsbDevice(PivCard.create(), { vendorId: 0x096e, productId: 0x0807, serialNumber: 'S1' });
    const hidden = new VirtualUsbDevice(PivCard.create(), { serialNumber: 'NOT-GRANTED' });
    usb.plug(a);
    usb.plug(b);
    usb.plug(hidden, { granted: false });
    const tokens = await new DeviceSourceRegistry([new WebUsbCcidSource(usb)]).list();
    expect(tokens.map((t) => t.paired.id)).toEqual(['096e:0807:S1', '096e:0807:S1#2']);
    expect(tokens[0]?.paired).toMatchObject({ vendor: 'Feitian', transport: 'webusb-ccid', isDemo: false });
    expect(usbTokenId(hidden)).toBe('1209:0001:NOT-GRANTED');
  });

  it('no WebUSB: no devices, and opening one is a typed not-found error', async () => {
    const service = createDeviceService({ sources: [], loadDemo: noDemo });
    expect(await service.tokens.listPairedTokens()).toEqual([]);
    await expect(service.tokens.open('096e:0807:S1')).rejects.toMatchObject({ name: 'DeviceNotFoundError' });
  });

  it('parallel calls on a granted token share one session (one SELECT at the card)', async () => {
    const usb = new VirtualUsb();
    const card = PivCard.create();
    const device = new VirtualUsbDevice(card, { serialNumber: 'P1' });
    usb.plug(device);
    const selects: number[] = [];
    const transmit = card.transmit.bind(card);
    card.transmit = (apdu: Uint8Array) => {
      if (apdu[1] === 0xa4) selects.push(1);
      return transmit(apdu);
    };
    const service = createDeviceService({ sources: [new WebUsbCcidSource(usb)], loadDemo: noDemo });
    const id = '1209:0001:P1';
    const [info, status, certs] = await Promise.all([service.tokens.open(id), service.pin.getPinStatus(id), service.tokens.readCertificates(id)]);
    expect(info.tokenId).toBe(id);
    expect(status.pin.attemptsRemaining).toBe(3);
    expect(certs).toEqual([]);
    expect(selects).toHaveLength(1);
    await service.tokens.close(id);
    expect(device.opened).toBe(false);
  });
});
