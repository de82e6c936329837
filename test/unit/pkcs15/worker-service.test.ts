/**
 * The second card profile through the app's own worker API (issue 17 §3): a PKCS#15 card behind the virtual
 * USB CCID reader, the DeviceService behind comlink over a MessageChannel (the worker hop), the registry's
 * CARD_PROFILES deciding. Nothing here names the profile to the service: detection by SELECT finds it.
 */
import { expose, type Endpoint } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { WrongPinError } from '../../../src/apdu/errors';
import { Pkcs15PinFormatError } from '../../../src/cards/pkcs15';
import { PIV_PROFILE } from '../../../src/cards/piv/profile';
import { UnsupportedCardError } from '../../../src/cards/seam/errors';
import type { CardProfile } from '../../../src/cards/seam/token-session';
import { NotSupportedError } from '../../../src/shared/errors/common-errors';
import { describeUsbDevice, usbSourceDevice } from '../../../src/sources/webusb-ccid-source';
import { provisionPkcs15Card, type Pkcs15Card } from '../../../src/virtual/pkcs15-card';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../../../src/worker/device-service';
import { wrapDriver, type RemoteDriver } from '../../../src/worker/api-surface';
import { installErrorTransfer } from '../../../src/worker/error-transfer';

const TOKEN = 'p15-card';
const VERIFY = 0x20;
let close: (() => void) | null = null;

afterEach(() => {
  close?.();
  close = null;
});

async function service(profiles?: readonly CardProfile[]): Promise<{ remote: RemoteDriver; card: Pkcs15Card; ders: string[]; pinVerifies: () => number }> {
  installErrorTransfer();
  const { card, layout, caCertificate } = await provisionPkcs15Card();
  let verifies = 0;
  const transmit = card.transmit.bind(card);
  card.transmit = (apdu: Uint8Array) => {
    if (apdu[1] === VERIFY && apdu.length > 5) verifies++;
    return transmit(apdu);
  };
  const device = new VirtualUsbDevice(card, { serialNumber: 'P15-1' });
  const usb = new VirtualUsb();
  usb.plug(device);
  const source = {
    kind: 'webusb-ccid' as const,
    list: async () => [usbSourceDevice(usb, device, describeUsbDevice(device, TOKEN, 'webusb-ccid', false), [caCertificate])],
  };
  const worker = createDeviceService({ sources: [source], loadDemo: () => Promise.reject(new Error('no demo here')), ...(profiles ? { profiles } : {}) });
  const channel = new MessageChannel();
  expose(worker, channel.port1 as unknown as Endpoint);
  close = () => (channel.port1.close(), channel.port2.close());
  const ders = layout.keys.map((key) => Buffer.from(key.certificate).toString('hex'));
  return { remote: wrapDriver(channel.port2 as unknown as Endpoint), card, ders, pinVerifies: () => verifies };
}

describe('a PKCS#15 card through the worker API', () => {
  it('is unsupported with the PIV profile alone: the registry line is what lets the app read it', async () => {
    const { remote } = await service([PIV_PROFILE]);
    const error = await remote.tokens.open(TOKEN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedCardError);
    expect((error as UnsupportedCardError).triedProfiles).toBe('piv');
  });

  it('opens with the pkcs15 profile and lists its certificates with roles, judged by the certificate layer', async () => {
    const { remote, ders, pinVerifies } = await service();
    expect((await remote.tokens.listPairedTokens()).map((t) => t.id)).toEqual([TOKEN]);
    const info = await remote.tokens.open(TOKEN);
    expect(info).toMatchObject({ profileId: 'pkcs15', serialNumber: '202612060015', readsTriesWithoutSpending: true });
    const certs = await remote.tokens.readCertificates(TOKEN);
    expect(certs.map((c) => c.role)).toEqual(['authentication', 'signature']);
    expect(certs.map((c) => Buffer.from(c.der).toString('hex'))).toEqual(ders);
    expect(certs[0]!.report?.subjectDN).toContain('李四');
    expect(certs.map((c) => c.report?.chain.status)).toEqual(['trusted', 'trusted']);
    expect(certs.every((c) => c.parseError === null)).toBe(true);
    expect(pinVerifies()).toBe(0);
  });

  it('reads PIN tries without spending one, and a wrong PIN arrives in the window as WrongPinError', async () => {
    const { remote, card, pinVerifies } = await service();
    expect(await remote.pin.getPinStatus(TOKEN)).toMatchObject({ pin: { attemptsRemaining: 3, blocked: false } });
    expect(pinVerifies()).toBe(0);
    const wrong = await remote.pin.verifyPin(TOKEN, '0000').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(WrongPinError);
    expect((wrong as WrongPinError).attemptsRemaining).toBe(2);
    expect((await remote.pin.getPinStatus(TOKEN)).pin.attemptsRemaining).toBe(2);
    expect(card.pins.get(0x81)!.triesLeft).toBe(2);
    await remote.pin.verifyPin(TOKEN, '123456');
    expect(card.pins.get(0x81)!.triesLeft).toBe(3);
    expect(pinVerifies()).toBe(2);
  });

  it('changes the PIN; the profile-owned errors cross the worker boundary as their own classes', async () => {
    const { remote } = await service();
    await remote.pin.changePin(TOKEN, '123456', '13579');
    await remote.pin.verifyPin(TOKEN, '13579');
    const format = await remote.pin.verifyPin(TOKEN, '12').catch((e: unknown) => e);
    expect(format).toBeInstanceOf(Pkcs15PinFormatError);
    expect(format).toMatchObject({ reason: 'too-short', minLength: 4, maxLength: 8, guideId: 'pin-policy' });
    const refused = await remote.pin.sign(TOKEN, { keyRef: 1, data: Uint8Array.of(1), pin: '13579' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NotSupportedError);
    expect((refused as NotSupportedError).feature).toBe('signing');
  });
});
