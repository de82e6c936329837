/**
 * Issue 17 §3: which secret a refused attempt was is said by the card profile, in the seam's words ('pin', or
 * 'unblockCode' for the code that unblocks it), and the word crosses the worker hop (comlink over a
 * MessageChannel) with the error. A card answers a wrong PIN and a wrong unblock code with the same status
 * words, so only the profile — which knows what each command it sends checks — can tell them apart.
 */
import { expose, type Endpoint } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { failedSecret, secretErrorCause, triesTold } from '../../src/ui/pin/failed-secret';
import { provisionPkcs15Card, PKCS15_CARD_PIN } from '../../src/virtual/pkcs15-card';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../../src/worker/device-service';
import { wrapDriver, type RemoteDriver } from '../../src/worker/api-surface';
import { installErrorTransfer } from '../../src/worker/error-transfer';
import { harness, type Harness } from './demo-service';

const DEMO = 'demo';
const P15 = 'p15-card';
const WRONG_PUK = '87654321';
const WRONG_PIN = '000000';
const DEMO_PIN = '123456';
let piv: Harness | null = null;
let closeP15: (() => void) | null = null;

afterEach(() => {
  piv?.close();
  piv = null;
  closeP15?.();
  closeP15 = null;
});

const refusal = (attempt: Promise<unknown>): Promise<unknown> => attempt.then(() => null, (e: unknown) => e);

async function demoCard(): Promise<RemoteDriver> {
  piv = await harness();
  await piv.remote.tokens.startDemoToken();
  await piv.remote.tokens.open(DEMO);
  return piv.remote;
}

async function pkcs15Card(): Promise<RemoteDriver> {
  installErrorTransfer();
  const { card, caCertificate } = await provisionPkcs15Card();
  const device = new VirtualUsbDevice(card, { serialNumber: 'P15-REFUSED' });
  const usb = new VirtualUsb();
  usb.plug(device);
  const source = {
    kind: 'webusb-ccid' as const,
    list: async () => [usbSourceDevice(usb, device, describeUsbDevice(device, P15, 'webusb-ccid', false), [caCertificate])],
  };
  const service = createDeviceService({ sources: [source], loadDemo: () => Promise.reject(new Error('no demo here')) });
  const channel = new MessageChannel();
  expose(service, channel.port1 as unknown as Endpoint);
  closeP15 = () => (channel.port1.close(), channel.port2.close());
  const remote = wrapDriver(channel.port2 as unknown as Endpoint);
  await remote.tokens.open(P15);
  return remote;
}

describe('the profile marks which credential a refusal was (PIV, the emulated demo card)', () => {
  it('a wrong unblock code during unblock arrives marked as the unblock code, with its tries', async () => {
    const remote = await demoCard();
    const error = await refusal(remote.pin.unblockPin(DEMO, WRONG_PUK, '24681357'));
    expect(error).toMatchObject({ name: 'WrongPinError', credential: 'unblockCode', attemptsRemaining: 2 });
    // What the unblock form then says and keeps, from the mark alone.
    expect(failedSecret(error)).toBe('unblockCode');
    expect(secretErrorCause(error, 'zh-CN')).toContain('PUK 不正确，还剩 2 次');
    expect(triesTold(error, 'unblockCode')).toBe(2);
  });

  it('a blocked unblock code arrives marked as the unblock code', async () => {
    const remote = await demoCard();
    for (let i = 0; i < 3; i++) await refusal(remote.pin.unblockPin(DEMO, WRONG_PUK, '24681357'));
    const error = await refusal(remote.pin.unblockPin(DEMO, WRONG_PUK, '24681357'));
    expect(error).toMatchObject({ name: 'PinBlockedError', credential: 'unblockCode' });
  });

  it('a wrong current PIN during change, and a wrong PIN on VERIFY, arrive marked as the PIN', async () => {
    const remote = await demoCard();
    const changeRefused = await refusal(remote.pin.changePin(DEMO, WRONG_PIN, '24681357'));
    expect(changeRefused).toMatchObject({ name: 'WrongPinError', credential: 'pin', attemptsRemaining: 2 });
    expect(failedSecret(changeRefused)).toBe('pin');
    expect(triesTold(changeRefused, 'unblockCode')).toBeNull();
    expect(await refusal(remote.pin.verifyPin(DEMO, WRONG_PIN))).toMatchObject({ name: 'WrongPinError', credential: 'pin', attemptsRemaining: 1 });
    await remote.pin.verifyPin(DEMO, DEMO_PIN);
  });

  it('CHANGE REFERENCE DATA sent for the unblock code is marked as the unblock code', async () => {
    const remote = await demoCard();
    const error = await refusal(remote.pin.changeUnblockCode(DEMO, WRONG_PUK, '13572468'));
    expect(error).toMatchObject({ name: 'WrongPinError', credential: 'unblockCode', attemptsRemaining: 2 });
  });
});

describe('the profile marks which credential a refusal was (PKCS#15, the emulated card)', () => {
  it('a wrong PIN on VERIFY and on CHANGE REFERENCE DATA arrives marked as the PIN', async () => {
    const remote = await pkcs15Card();
    expect(await refusal(remote.pin.verifyPin(P15, '9999'))).toMatchObject({ name: 'WrongPinError', credential: 'pin' });
    expect(await refusal(remote.pin.changePin(P15, '9999', '2468'))).toMatchObject({ name: 'WrongPinError', credential: 'pin' });
    await remote.pin.verifyPin(P15, PKCS15_CARD_PIN);
  });
});
