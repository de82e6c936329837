/**
 * One key, many windows (issue 15 §4, review defect 12): two driver workers — the app tab's and the portal sign
 * popup's — share one USB token that only one of them may claim at a time (test/support/shared-usb.ts, as an OS
 * does). The holder lets go when idle or when asked over a BroadcastChannel (Node has the same BroadcastChannel
 * as the browser), never in the middle of a card operation, and the asker gets the token — or, when the other
 * window keeps it busy, its own error in the user's words instead of "no token".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { WebUsbCcidSource, usbTokenId } from '../../src/sources/webusb-ccid-source';
import { createDeviceService } from '../../src/worker/device-service';
import type { DeviceService } from '../../src/worker/device-service-api';
import { broadcastHandoverPort, TokenHandover } from '../../src/worker/token-handover';
import { SharedUsb } from '../support/shared-usb';

const PORTAL = 'https://portal.example.cn';
const INS_SELECT = 0xa4;
const INS_VERIFY = 0x20;
const INS_GENERAL_AUTHENTICATE = 0x87;
const INS_GET_VERSION = 0xfd; // YubiKey extension, the PIV profile's capability probe
const INS_GET_SERIAL = 0xf8;

interface Window {
  readonly service: DeviceService;
  readonly handover: TokenHandover;
}

const opened: TokenHandover[] = [];
afterEach(() => opened.splice(0).forEach((h) => h.close()));

async function setup(options: { idleMs?: number; releaseMs?: number } = {}) {
  const { card, caCertificate } = await provisionDemoTokenWithCa();
  const seen: number[] = [];
  const transmit = card.transmit.bind(card);
  card.transmit = (apdu: Uint8Array) => {
    seen.push(apdu[1]!);
    return transmit(apdu);
  };
  const device = new VirtualUsbDevice(card, { serialNumber: 'HANDOVER-1' });
  const bus = new VirtualUsb();
  bus.plug(device);
  const shared = new SharedUsb(bus);
  const channel = `ukey-handover-test-${Math.random()}`;
  const window = (): Window => {
    const handover = new TokenHandover(broadcastHandoverPort(channel)!, { answerMs: 200, releaseMs: options.releaseMs ?? 3_000 });
    opened.push(handover);
    const service = createDeviceService({
      sources: [new WebUsbCcidSource(shared.context())],
      loadDemo: () => Promise.reject(new Error('no demo here')),
      handover,
      idleMs: options.idleMs ?? 60_000,
    });
    return { service, handover };
  };
  void caCertificate;
  return { card, device, bus, shared, seen, tokenId: usbTokenId(device), window };
}

const challenge = 'A'.repeat(43);
const request = { t: 'ukey:get', v: 1, challenge };

describe('one key, many windows', () => {
  it('the sign popup gets the token the app tab holds, and the tab gets it back afterwards', async () => {
    const s = await setup();
    const tab = s.window();
    const popup = s.window();
    expect((await tab.service.tokens.readCertificates(s.tokenId)).length).toBeGreaterThan(0);
    expect(s.shared.claimedBy(s.device)).not.toBeNull(); // the tab holds it (idle time not over)

    const choices = await popup.service.signIn.signInChoices();
    expect(choices[0]).toMatchObject({ tokenId: s.tokenId, keyRef: 0x9a });
    const envelope = await popup.service.signIn.signIn({ tokenId: s.tokenId, keyRef: 0x9a, request, origin: PORTAL, pin: FACTORY_DEFAULTS.PIN });
    expect(envelope.signature.length).toBeGreaterThan(0);

    // The tab asks in its turn: the popup lets go, and the tab reads again.
    expect((await tab.service.pin.getPinStatus(s.tokenId)).pin.attemptsRemaining).toBeGreaterThan(0);
  });

  it('a token busy in another window is TokenInUseElsewhereError beside the choices — never NO_TOKEN', async () => {
    const s = await setup({ releaseMs: 200 });
    const tab = s.window();
    const popup = s.window();
    await tab.service.tokens.readCertificates(s.tokenId);
    s.device.faults.delayReplies(500); // a long operation in the tab: each reply takes 500 ms
    const running = tab.service.pin.getPinStatus(s.tokenId);
    await new Promise((r) => setTimeout(r, 20));

    const thrown = await popup.service.signIn.signInChoices().catch((e: unknown) => e);
    expect(thrown).toMatchObject({ name: 'TokenInUseElsewhereError', tokenId: s.tokenId, guideId: 'device-busy' });
    s.device.faults.delayReplies(0);
    await running;
    const options = await popup.service.signIn.signInOptions();
    // Once the tab's operation ended it handed the token over: the popup reads it now.
    expect(options.problems).toEqual([]);
    expect(options.choices[0]).toMatchObject({ tokenId: s.tokenId });
  });

  it('signInOptions gives the choices of the free key and, beside them, why the busy key offers none', async () => {
    const s = await setup({ releaseMs: 200 });
    const { card: other } = await provisionDemoTokenWithCa();
    const free = new VirtualUsbDevice(other, { serialNumber: 'HANDOVER-2' });
    s.bus.plug(free);
    const tab = s.window();
    const popup = s.window();
    await tab.service.tokens.readCertificates(s.tokenId);
    s.device.faults.delayReplies(500);
    const running = tab.service.pin.getPinStatus(s.tokenId);
    await new Promise((r) => setTimeout(r, 20));
    const options = await popup.service.signIn.signInOptions();
    expect(new Set(options.choices.map((c) => c.tokenId))).toEqual(new Set([usbTokenId(free)]));
    expect(options.problems).toEqual([
      expect.objectContaining({ tokenId: s.tokenId, errorName: 'TokenInUseElsewhereError', guideId: 'device-busy', fields: { tokenId: s.tokenId } }),
    ]);
    s.device.faults.delayReplies(0);
    await running;
  });

  it('a window that asks while the holder is still reading the card facts is answered, then served', async () => {
    const s = await setup();
    const tab = s.window();
    const popup = s.window();
    s.device.faults.delayReplies(100); // the tab's first open (power-on, SELECT, facts) takes about a second
    const reading = tab.service.tokens.readCertificates(s.tokenId);
    await new Promise((r) => setTimeout(r, 150)); // the tab has claimed the token and is reading its facts
    expect(s.shared.claimedBy(s.device)).not.toBeNull();
    const choices = await popup.service.signIn.signInChoices();
    expect(choices[0]).toMatchObject({ tokenId: s.tokenId, keyRef: 0x9a });
    s.device.faults.delayReplies(0);
    expect((await reading).length).toBeGreaterThan(0); // the tab took the token back after the popup let go
  });

  it('a request never comes between VERIFY and the signature it authorises', async () => {
    const s = await setup();
    const tab = s.window();
    const popup = s.window();
    await tab.service.signIn.signInChoices();
    s.device.faults.delayReplies(120);
    const signing = tab.service.signIn.signIn({ tokenId: s.tokenId, keyRef: 0x9a, request, origin: PORTAL, pin: FACTORY_DEFAULTS.PIN });
    // Ask while the tab's SELECT/VERIFY/GENERAL AUTHENTICATE are on the wire.
    await new Promise((r) => setTimeout(r, 60));
    const asked = popup.service.pin.getPinStatus(s.tokenId);
    await signing;
    s.device.faults.delayReplies(0);
    await asked;
    const verify = s.seen.indexOf(INS_VERIFY);
    expect(verify).toBeGreaterThan(0);
    expect(s.seen[verify + 1]).toBe(INS_GENERAL_AUTHENTICATE);
  });

  it('an idle worker lets go by itself; its next sign-in reopens with SELECT and the identity read, and re-reads nothing it knows', async () => {
    const s = await setup({ idleMs: 100 });
    const tab = s.window();
    await tab.service.signIn.signInChoices();
    await new Promise((r) => setTimeout(r, 250));
    expect(s.shared.claimedBy(s.device)).toBeNull();
    s.seen.length = 0;
    await tab.service.signIn.signInChoices();
    await tab.service.signIn.signIn({ tokenId: s.tokenId, keyRef: 0x9a, request, origin: PORTAL, pin: FACTORY_DEFAULTS.PIN });
    // The identity read (GET VERSION, then GET SERIAL on a card that has one) tells a swapped same-model card apart.
    expect(s.seen).toEqual([INS_SELECT, INS_GET_VERSION, INS_GET_SERIAL, INS_VERIFY, INS_GENERAL_AUTHENTICATE]);
  });

  it('a token unplugged while handed over opens afresh after replug', async () => {
    const s = await setup();
    const tab = s.window();
    const popup = s.window();
    await tab.service.tokens.readCertificates(s.tokenId);
    await popup.service.signIn.signInChoices();
    s.bus.unplug(s.device);
    expect(await tab.service.pin.getPinStatus(s.tokenId).catch((e: unknown) => (e as Error).name)).toMatch(/DeviceNotFoundError|DeviceDisconnectedError/);
    s.bus.plug(s.device);
    expect((await popup.service.signIn.signInChoices())[0]).toMatchObject({ keyRef: 0x9a });
    expect((await tab.service.pin.getPinStatus(s.tokenId)).pin.attemptsRemaining).toBeGreaterThan(0);
  });
});
