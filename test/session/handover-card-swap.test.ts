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
import { HandoverSession } from '../../src/worker/token-handover-session';
import { CrashSwitch, demoCardCopy, openTokenSession } from '../unit/renewal/support/virtual-renewal';

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
    const infoA = await service.tokens.open(id);
    expect(await service.signIn.signInChoices()).not.toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 200)); // idle release
    bus.unplug(devA);
    bus.plug(devB);
    // Nothing read from A (its certificates, kept by the sign-in) is offered for B.
    await expect(service.signIn.signInChoices()).rejects.toMatchObject({ name: 'SignInRefusedError' });
    const infoAfter = await service.tokens.open(id);
    expect(infoAfter.serialNumber).toBe(String(0x0badbeef));
    expect(infoAfter.serialNumber).not.toBe(infoA.serialNumber);
    expect(await service.tokens.readCertificates(id)).toHaveLength(0);
  });

  it('an unplug while released is seen: the same card reset elsewhere and plugged back is read afresh', async () => {
    const { card: cardA } = await provisionDemoTokenWithCa();
    const devA = new VirtualUsbDevice(cardA);
    const bus = new VirtualUsb();
    bus.plug(devA);
    const shared = new SharedUsb(bus);
    const service = createDeviceService({
      sources: [new WebUsbCcidSource(shared.context())],
      loadDemo: () => Promise.reject(new Error('no demo')),
      idleMs: 50,
    });
    const id = usbTokenId(devA);
    const infoA = await service.tokens.open(id);
    expect(await service.signIn.signInChoices()).not.toHaveLength(0); // the sign-in keeps what it read
    await new Promise((resolve) => setTimeout(resolve, 200)); // idle release
    bus.unplug(devA);
    // The same card (same serial) wiped on another computer: its certificates are gone.
    const wiped = new VirtualUsbDevice(PivCard.create({ serial: Number(infoA.serialNumber) }));
    bus.plug(wiped);
    await expect(service.signIn.signInChoices()).rejects.toMatchObject({ name: 'SignInRefusedError' });
  });

  it('without an unplug signal (a source that has none), the reopen’s identity read refuses the other card', async () => {
    const cardA = await demoCardCopy();
    const cardB = PivCard.create({ serial: 0x0badbeef });
    const first = await openTokenSession(cardA, new CrashSwitch(null, false));
    const facts = await first.readFacts();
    let gone = 0;
    const session = new HandoverSession(first, {
      tokenId: 'same-model',
      idleMs: 10_000,
      identity: facts.serialNumber ?? facts.cardIdentifier,
      reopen: () => openTokenSession(cardB, new CrashSwitch(null, false)),
      onGone: () => gone++,
    });
    await session.release();
    const triesB = FACTORY_DEFAULTS.PIN_RETRIES;
    await expect(session.verifyPin('000000')).rejects.toMatchObject({ name: 'DeviceDisconnectedError' });
    expect(gone).toBe(1);
    expect(session.isGone).toBe(true);
    const b = await openTokenSession(cardB, new CrashSwitch(null, false));
    expect((await b.pinStatus()).pin.attemptsRemaining).toBe(triesB); // the PIN never reached B
    await b.close();
  });
});
