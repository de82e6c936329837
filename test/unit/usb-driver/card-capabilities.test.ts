import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardCapabilities } from '../../../src/usb-driver/card-capabilities';
import { CcidTransport } from '../../../src/usb-driver/ccid-transport';
import type { SmartCard } from '../../../src/virtual/virtual-token/smart-card';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../../src/virtual/virtual-token/virtual-usb-device';
import { hex } from './fixtures/fixture-card';

describe('card capabilities from the historical bytes (ISO 7816-4 §8.1.1.2.7)', () => {
  it('reads a YubiKey’s: command chaining and extended Lc/Le', () => {
    expect(cardCapabilities(hex('8073C021C057597562694B6579'))).toEqual({ commandChaining: true, extendedLength: true });
  });

  it('reads a card that chains but has no extended length, also with category 00 and its status indicator', () => {
    expect(cardCapabilities(hex('8073C02180'))).toEqual({ commandChaining: true, extendedLength: false });
    expect(cardCapabilities(hex('0073C02140' + '009000'))).toEqual({ commandChaining: false, extendedLength: true });
  });

  it('says nothing when the bytes do not state it', () => {
    expect(cardCapabilities(hex(''))).toBeUndefined();
    expect(cardCapabilities(hex('31C073'))).toBeUndefined(); // another category
    expect(cardCapabilities(hex('8031C0'))).toBeUndefined(); // no tag 7
    expect(cardCapabilities(hex('8073C0'))).toBeUndefined(); // truncated
    expect(cardCapabilities(hex('8071C0'))).toBeUndefined(); // no third table
  });

  it('property: any historical bytes give a result or undefined, never a throw (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 15 }), (bytes) => {
        const result = cardCapabilities(bytes);
        if (result) expect(typeof result.extendedLength).toBe('boolean');
      }),
      { numRuns: 10_000 },
    );
  });

  it('regression (review §3 ISO 7816-4, command.ts:40): an extended-level reader with a card that says "no extended length" gets short APDUs', async () => {
    const card: SmartCard = {
      atr: hex('3B058073C02180'), // T=0, historical bytes 80 73 C0 21 80
      powerOn: async () => card.atr,
      powerOff: async () => undefined,
      transmit: async () => hex('9000'),
    };
    const usb = new VirtualUsb();
    const device = new VirtualUsbDevice(card, { exchangeLevel: 'extended-apdu' });
    usb.plug(device);
    const transport = await CcidTransport.open(device, { usb });
    expect(transport.capabilities).toEqual({ extendedApdu: false, maxCommandLength: 261 });
    await transport.close();
    const yubikey = new VirtualUsbDevice({ ...card, atr: hex('3BFD1300008131FE158073C021C057597562694B657940'), powerOn: async () => hex('3BFD1300008131FE158073C021C057597562694B657940') });
    usb.plug(yubikey);
    const extended = await CcidTransport.open(yubikey, { usb });
    expect(extended.capabilities.extendedApdu).toBe(true);
    await extended.close();
  });
});
