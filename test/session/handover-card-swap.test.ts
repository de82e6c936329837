/**
 * Review defect A (issue 15 §4): after an idle release, another card of the same model (same ATR, no USB serial,
 * so the same token id) plugged in its place must not be taken for the first card. The reopen reads the card's
 * identity again (SP 800-73-4 Part 1 §3.1.2 CHUID / the card's serial) and treats a different one as a disconnect:
 * the PIN typed for card A never reaches card B, and nothing read from A is reported for B.
 */
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo/provision';
import { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { WebUsbCcidSource, usbTokenId } from '../../src/sources/webusb-ccid-source';
import { createDeviceService } from '../../src/worker/device-service';
import { SharedUsb } from '../support/shared-usb';

describe('handover reopen checks the card identity', () => {
  it('a same-model card swapped in while released is a different token: A’s PIN never reaches B', async () => {
    const { card: cardA } = await provisionDemoTokenWithCa();
    const cardB = PivCard.create({ serial: 0x0badbeef });
    const devA = new VirtualUsbDevice(cardA);
    const devB = new VirtualUsbDevice(cardB);
    expect(usbTokenId(devA)).toBe(usbTokenId(devB)); // no USB serial: the id cannot tell them apart
    const bus = new VirtualUsb();
    bus.plug(devA);
    const shared = new SharedUsb(bus);
    const service = createDeviceService({
      sources: [new WebUsbCcidSource(shared.context())],
      loadDemo: () => Promise.reject(new Error('no demo')),
      idleMs: 50,
    });
    const id = usbTokenId(devA);
    const infoA = await service.open(id);
    expect((await service.readCertificates(id)).length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200)); // idle release
    bus.unplug(devA);
    bus.plug(devB);
    // The PIN typed for A: refused before it reaches the card, as an unplug would be.
    await expect(service.verifyPin(id, '123456')).rejects.toMatchObject({ name: 'DeviceDisconnectedError' });
    const infoAfter = await service.open(id);
    expect(infoAfter.serialNumber).toBe(String(0x0badbeef));
    expect(infoAfter.serialNumber).not.toBe(infoA.serialNumber);
    expect(await service.readCertificates(id)).toHaveLength(0);
    // B's tries untouched: nothing was verified on it.
    expect((await service.getPinStatus(id)).pin.attemptsRemaining).toBe(FACTORY_DEFAULTS.PIN_RETRIES);
  });
});
