/**
 * Sign-in at the physical limit (issue 15 "Done when"): a popup's FRESH driver worker — a new DeviceService over
 * the same IndexedDB as the worker that read the card before — signs in with at most 6 APDUs when the card's
 * certificates are cached by card identity: SELECT, the identity read, the PIN tries, VERIFY, GENERAL
 * AUTHENTICATE. The card counts them (PivCard.apduCount); the relying party's verifier accepts the login.
 * Workers share one USB device, one claim at a time (test/support/shared-usb.ts), as windows do.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { issueChallenge, MemoryChallengeStore, verifyLogin } from '../../src/servers/verifier';
import { WebUsbCcidSource, usbTokenId } from '../../src/sources/webusb-ccid-source';
import { openAppDb } from '../../src/store';
import { IdbCardCacheStore } from '../../src/store/certificate-cache';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../../src/worker/device-service';
import type { DeviceService } from '../../src/worker/device-service-api';
import { broadcastCardCacheChannel, CardCache } from '../../src/worker/sign-in-card-cache';
import { SharedUsb } from '../support/shared-usb';

const PORTAL = 'https://portal.example.cn';
const INS = { SELECT: 0xa4, GET_DATA: 0xcb, GET_METADATA: 0xf7, VERIFY: 0x20, GENERAL_AUTHENTICATE: 0x87 } as const;
const IDLE_MS = 40;

const caches: CardCache[] = [];
afterEach(() => caches.splice(0).forEach((c) => c.close()));

async function world() {
  const { card, caCertificate } = await provisionDemoTokenWithCa();
  const seen: number[] = [];
  const transmit = card.transmit.bind(card);
  card.transmit = (apdu: Uint8Array) => {
    seen.push(apdu[1]!);
    return transmit(apdu);
  };
  const device = new VirtualUsbDevice(card, { serialNumber: 'CACHE-1' });
  const bus = new VirtualUsb();
  bus.plug(device);
  const shared = new SharedUsb(bus);
  const factory = new IDBFactory();
  const channel = `ukey-card-cache-test-${Math.random()}`;
  /** A window's worker: its own DeviceService and cache object, the origin's IndexedDB and channel. */
  const worker = (): DeviceService => {
    const cache = new CardCache(new IdbCardCacheStore(() => openAppDb(factory)), broadcastCardCacheChannel(channel));
    caches.push(cache);
    return createDeviceService({
      sources: [new WebUsbCcidSource(shared.context())],
      loadDemo: () => Promise.reject(new Error('no demo here')),
      idleMs: IDLE_MS,
      cardCache: cache,
    });
  };
  return { card, caCertificate, seen, tokenId: usbTokenId(device), worker };
}

/** The popup's three calls; resolves with the verified identity. */
async function signInOnce(service: DeviceService, caCertificate: Uint8Array): Promise<string> {
  const store = new MemoryChallengeStore();
  const { challenge } = await issueChallenge(store, { sessionId: 's' });
  const [choice] = await service.signIn.signInChoices();
  await service.pin.getPinStatus(choice!.tokenId);
  const envelope = await service.signIn.signIn({ tokenId: choice!.tokenId, slot: choice!.slot, request: { t: 'ukey:get', v: 1, challenge }, origin: PORTAL, pin: FACTORY_DEFAULTS.PIN });
  const identity = await verifyLogin({ response: envelope, store, sessionId: 's', expectedOrigins: [PORTAL], trust: [caCertificate] });
  return JSON.stringify(identity);
}

const released = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, IDLE_MS * 4));

describe('sign-in from a fresh worker with the card cached by identity', () => {
  it('costs at most 6 APDUs, and the verifier accepts the login', async () => {
    const w = await world();
    expect(await signInOnce(w.worker(), w.caCertificate)).toContain('张三'); // the app tab read the card before
    await released();
    const before = w.card.apduCount;
    w.seen.length = 0;
    expect(await signInOnce(w.worker(), w.caCertificate)).toContain('张三'); // the popup's new worker
    expect(w.card.apduCount - before).toBeLessThanOrEqual(6);
    // SELECT, the 9A certificate read back (proof of the cached set), PIN and PUK tries (YubiKey GET METADATA),
    // VERIFY right before GENERAL AUTHENTICATE.
    expect(w.seen).toEqual([INS.SELECT, INS.GET_DATA, INS.GET_METADATA, INS.GET_METADATA, INS.VERIFY, INS.GENERAL_AUTHENTICATE]);
  });
});
