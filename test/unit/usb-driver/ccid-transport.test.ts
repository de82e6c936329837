import { describe, expect, it } from 'vitest';
import { NotSupportedError } from '../../../src/shared/errors/common-errors';
import { CcidTransport } from '../../../src/usb-driver/ccid-transport';
import { parseAtr } from '../../../src/tpdu/atr';
import {
  AccessDeniedError,
  CardAbsentError,
  CcidHardwareError,
  CcidSequenceError,
  CcidTimeoutError,
  DeviceBusyError,
  DeviceDisconnectedError,
  MalformedCcidError,
  ProtectedInterfaceError,
} from '../../../src/usb-driver/errors';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice, type VirtualUsbDeviceOptions } from '../../../src/virtual/virtual-token/virtual-usb-device';
import { FIXTURE_INS, FIXTURE_PIN, FixtureCard, YUBIKEY_ATR, hex, toHex } from './fixtures/fixture-card';

function setup(options: VirtualUsbDeviceOptions = {}) {
  const card = new FixtureCard();
  const device = new VirtualUsbDevice(card, options);
  const usb = new VirtualUsb();
  usb.plug(device);
  return { card, device, usb };
}

const echo = (data: string): Uint8Array => hex(`00${FIXTURE_INS.echo.toString(16)}0000${(data.length / 2).toString(16).padStart(2, '0')}${data}`);
const verify = (pin: Uint8Array): Uint8Array => Uint8Array.from([0x00, 0x20, 0x00, 0x80, pin.length, ...pin]);

describe('CcidTransport over the virtual USB token', () => {
  it('powers the card on, returns its ATR and exchanges APDUs', async () => {
    const { device, usb, card } = setup();
    const transport = await CcidTransport.open(device, { usb });
    expect(toHex(transport.atr)).toBe(toHex(YUBIKEY_ATR));
    expect(parseAtr(transport.atr).protocols).toEqual([1]);
    expect(transport.exchangeLevel).toBe('extended-apdu');
    expect(transport.capabilities.extendedApdu).toBe(true);
    expect(toHex(await transport.exchange(echo('CAFE01')))).toBe('CAFE019000');
    expect(toHex(await transport.exchange(hex('00610000')))).toBe('6110');
    expect(toHex(await transport.exchange(hex('00C0000010')))).toBe('000102030405060708090A0B0C0D0E0F9000');
    expect(toHex(await transport.exchange(verify(new Uint8Array(0))))).toBe('63C3');
    expect(toHex(await transport.exchange(verify(FIXTURE_PIN)))).toBe('9000');
    expect(card.received.filter((c) => c[1] === FIXTURE_INS.verify)).toHaveLength(2);
    await transport.close();
    expect(device.opened).toBe(false);
  });

  it('chains long commands and responses in blocks of dwMaxCCIDMessageLength (CCID §6.1.4)', async () => {
    const { device, usb, card } = setup({ maxMessageLength: 64 });
    const transport = await CcidTransport.open(device, { usb });
    const payload = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
    const command = Uint8Array.from([0x00, FIXTURE_INS.echo, 0, 0, 0x00, 0x01, 0x2c, ...payload, 0x00, 0x00]);
    const response = await transport.exchange(command);
    expect(toHex(response)).toBe(toHex(Uint8Array.from([...payload, 0x90, 0x00])));
    expect(toHex(card.received.at(-1) as Uint8Array)).toBe(toHex(command));
    const big = await transport.exchange(hex('00B00400'));
    expect(big.length).toBe(0x400 + 2);
    expect(big[0x3ff]).toBe(0xff);
    await transport.close();
  });

  it('works on a vendor-class 0xFF interface carrying the CCID descriptor', async () => {
    const { device, usb } = setup({ interfaceClass: 0xff, exchangeLevel: 'short-apdu' });
    const transport = await CcidTransport.open(device, { usb });
    expect(transport.exchangeLevel).toBe('short-apdu');
    expect(transport.capabilities).toEqual({ extendedApdu: false, maxCommandLength: 261 });
    expect(toHex(await transport.exchange(echo('0102')))).toBe('01029000');
    await expect(transport.exchange(new Uint8Array(300))).rejects.toBeInstanceOf(NotSupportedError);
    await transport.close();
  });

  it('refuses a character-level reader with NotSupportedError naming the device, without claiming it', async () => {
    const { device, usb } = setup({ exchangeLevel: 'character', productName: 'Old Reader' });
    const error = await CcidTransport.open(device, { usb }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotSupportedError);
    expect((error as NotSupportedError).message).toContain('Old Reader');
    expect((error as NotSupportedError).feature).toBe('CCID character exchange level');
    expect(device.opened).toBe(false);
  });

  it('opens a TPDU-level reader (issue 11 §4) and exchanges APDUs through its T=0 engine', async () => {
    const { device, usb } = setup({ exchangeLevel: 'tpdu', protocols: 'T0', productName: 'Watchdata USB Key' });
    const transport = await CcidTransport.open(device, { usb });
    expect(transport.exchangeLevel).toBe('tpdu');
    // Case 3 at T=0: the card's 61xx comes back as it is (the APDU layer fetches it); case 4 (Le 00) gets the data.
    expect(toHex(await transport.exchange(echo('CAFE')))).toBe('6102');
    expect(toHex(await transport.exchange(hex(`${toHex(echo('CAFE'))}00`)))).toBe('CAFE9000');
    await transport.close();
  });

  it('turns the protected-class SecurityError on claim into ProtectedInterfaceError', async () => {
    const { device, usb } = setup();
    device.faults.protectedClass();
    const error = await CcidTransport.open(device, { usb }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtectedInterfaceError);
    expect((error as ProtectedInterfaceError).guideId).toBe('protected-interface');
    expect(device.opened).toBe(false);
  });

  it('turns an open refused by another driver into AccessDeniedError', async () => {
    const { device, usb } = setup();
    device.faults.heldByAnotherDriver();
    await expect(CcidTransport.open(device, { usb })).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it('gives a second caller DeviceBusyError and lets close() wait for the exchange in flight', async () => {
    const { device, usb } = setup();
    const transport = await CcidTransport.open(device, { usb });
    device.faults.delayReplies(30);
    const first = transport.exchange(echo('AA'));
    await expect(transport.exchange(echo('BB'))).rejects.toBeInstanceOf(DeviceBusyError);
    const closed = transport.close();
    expect(toHex(await first)).toBe('AA9000');
    await closed;
    expect(device.opened).toBe(false);
  });

  it('one transport per device: a second open while an exchange runs is busy; an idle unclosed one is retired', async () => {
    const { device, usb } = setup();
    const first = await CcidTransport.open(device, { usb });
    device.faults.delayReplies(30);
    const running = first.exchange(echo('01'));
    await expect(CcidTransport.open(device, { usb })).rejects.toBeInstanceOf(DeviceBusyError);
    expect(toHex(await running)).toBe('019000');
    device.faults.delayReplies(0);
    const second = await CcidTransport.open(device, { usb });
    await expect(first.exchange(echo('02'))).rejects.toBeInstanceOf(DeviceDisconnectedError);
    expect(toHex(await second.exchange(echo('03')))).toBe('039000');
    await first.close();
    expect(toHex(await second.exchange(echo('04')))).toBe('049000');
    await second.close();
    const third = await CcidTransport.open(device, { usb });
    await third.close();
  });

  it('waits again on time-extension replies (bmCommandStatus = 2)', async () => {
    const { device, usb } = setup();
    const transport = await CcidTransport.open(device, { usb });
    device.faults.timeExtensions(3);
    expect(toHex(await transport.exchange(echo('5A')))).toBe('5A9000');
    await transport.close();
  });

  it('gives up on a card that asks for time extensions beyond maxBusyMs, and aborts', async () => {
    const { device, usb } = setup();
    const transport = await CcidTransport.open(device, { usb, maxBusyMs: 30 });
    device.faults.timeExtensions(3).delayReplies(20);
    const error = await transport.exchange(echo('01')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CcidTimeoutError);
    expect((error as CcidTimeoutError).timeoutMs).toBe(30);
    device.faults.clear();
    expect(toHex(await transport.exchange(echo('02')))).toBe('029000');
    await transport.close();
  });

  it('tells a listener that subscribes after the disconnect, once', async () => {
    const { device, usb } = setup();
    const transport = await CcidTransport.open(device, { usb });
    usb.unplug(device);
    const heard: unknown[] = [];
    transport.onDisconnect((e) => heard.push(e));
    await Promise.resolve();
    expect(heard).toHaveLength(1);
    expect(heard[0]).toBeInstanceOf(DeviceDisconnectedError);
    expect(transport.isDisconnected).toBe(true);
  });

  it('rejects a reply with the wrong bSeq with CcidSequenceError', async () => {
    const { device, usb } = setup();
    const transport = await CcidTransport.open(device, { usb });
    device.faults.wrongSeq();
    const error = await transport.exchange(echo('01')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CcidSequenceError);
    expect((error as CcidSequenceError).received).toBe(((error as CcidSequenceError).expected + 1) & 0xff);
    expect(toHex(await transport.exchange(echo('02')))).toBe('029000');
    await transport.close();
  });

  it('rejects a truncated reply with MalformedCcidError', async () => {
    const { device, usb } = setup();
    const transport = await CcidTransport.open(device, { usb });
    device.faults.truncate();
    const error = await transport.exchange(echo('0102')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedCcidError);
    expect((error as MalformedCcidError).reason).toBe('truncated');
    expect(toHex(await transport.exchange(echo('03')))).toBe('039000');
    await transport.close();
  });

  it('times out a silent reader, aborts the command (CCID §5.3.1) and stays usable', async () => {
    const { device, usb } = setup();
    const transport = await CcidTransport.open(device, { usb, timeoutMs: 50 });
    device.faults.silence();
    await expect(transport.exchange(echo('01'))).rejects.toBeInstanceOf(CcidTimeoutError);
    expect(toHex(await transport.exchange(echo('02')))).toBe('029000');
    await transport.close();
  });

  it('never re-sends a VERIFY that timed out: one PIN try at most, and only the one asked for', async () => {
    const { device, usb, card } = setup();
    const transport = await CcidTransport.open(device, { usb, timeoutMs: 50 });
    device.faults.silence();
    await expect(transport.exchange(verify(hex('3939393939399999')))).rejects.toBeInstanceOf(CcidTimeoutError);
    expect(card.received.filter((c) => c[1] === FIXTURE_INS.verify)).toHaveLength(1);
    expect(card.triesLeft).toBe(2);
    await transport.close();
  });

  it('reports a removed card with CardAbsentError and NotifySlotChange', async () => {
    const { device, usb } = setup();
    const transport = await CcidTransport.open(device, { usb });
    const changes: boolean[] = [];
    transport.onCardChange((present) => changes.push(present));
    expect(await transport.slotStatus()).toBe('active');
    device.removeCard();
    await expect(transport.exchange(echo('01'))).rejects.toBeInstanceOf(CardAbsentError);
    expect(await transport.slotStatus()).toBe('absent');
    await new Promise((r) => setTimeout(r, 0));
    expect(changes).toEqual([false]);
    await transport.close();
    await expect(CcidTransport.open(device, { usb })).rejects.toBeInstanceOf(CardAbsentError);
    device.insertCard();
    const again = await CcidTransport.open(device, { usb });
    expect(toHex(await again.exchange(echo('03')))).toBe('039000');
    await again.close();
  });

  it('maps a failed XfrBlock with bError HW_ERROR to CcidHardwareError', async () => {
    const { device, usb } = setup();
    const transport = await CcidTransport.open(device, { usb });
    const error = await transport.exchange(hex('00FA0000')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CcidHardwareError);
    expect((error as CcidHardwareError).errorCode).toBe(0xfb);
    await transport.close();
  });

  for (const transfers of [1, 2]) {
    it(`rejects the exchange once with DeviceDisconnectedError when unplugged ${transfers === 1 ? 'on the write' : 'before the reply'}; the next open works`, async () => {
      const { device, usb, card } = setup();
      const transport = await CcidTransport.open(device, { usb });
      const events: DeviceDisconnectedError[] = [];
      transport.onDisconnect((e) => events.push(e));
      device.faults.disconnectAfter(transfers);
      const error = await transport.exchange(echo('01')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeviceDisconnectedError);
      expect(events).toHaveLength(1);
      expect(events[0]).toBe(error);
      await expect(transport.exchange(echo('02'))).rejects.toBe(error);
      await transport.close();
      expect(events).toHaveLength(1);
      usb.plug(device);
      const powerOns = card.powerOns;
      const [found] = await usb.getDevices();
      const next = await CcidTransport.open(found as USBDevice, { usb });
      expect(card.powerOns).toBe(powerOns + 1);
      expect(toHex(await next.exchange(echo('03')))).toBe('039000');
      await next.close();
    });
  }

  it('ends an exchange in flight when the bus reports the device gone', async () => {
    const { device, usb } = setup();
    const transport = await CcidTransport.open(device, { usb });
    const events: unknown[] = [];
    transport.onDisconnect((e) => events.push(e));
    device.faults.silence();
    const pending = transport.exchange(echo('01'));
    usb.unplug(device);
    await expect(pending).rejects.toBeInstanceOf(DeviceDisconnectedError);
    expect(events).toHaveLength(1);
  });
});
