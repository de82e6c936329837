/**
 * Sign-in at the physical limit (issue 15 "Done when"): a popup's FRESH driver worker — a new DeviceService over
 * the same IndexedDB as the worker that read the card before — signs in with at most 6 APDUs when the card's
 * certificates are cached by card identity: SELECT, the identity read, the PIN tries, VERIFY, GENERAL
 * AUTHENTICATE. The card counts them (PivCard.apduCount); the relying party's verifier accepts the login.
 * Workers share one USB device, one claim at a time (test/support/shared-usb.ts), as windows do.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { issueChallenge, MemoryChallengeStore, verifyLogin } from '../../src/servers/verifier';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { openAppDb } from '../../src/store';
import { IdbCardCacheStore, type CardCacheStore } from '../../src/store/certificate-cache';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../../src/worker/device-service';
import type { DeviceService } from '../../src/worker/device-service-api';
import { broadcastCardCacheChannel, CardCache } from '../../src/worker/sign-in-card-cache';
import { SharedUsb } from '../support/shared-usb';
import { MemoryRenewalJournalStore } from '../../src/flows/renewal/journal';
import type { SignInEnvelope } from '../../src/shared/signin/envelope';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { InProcessLocks } from '../../src/worker/token-locks';
import { broadcastHandoverPort, TokenHandover } from '../../src/worker/token-handover';
import type { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { inProcessCa, type InProcessCa } from '../unit/renewal/support/virtual-renewal';

const PORTAL = 'https://portal.example.cn';
const INS = { SELECT: 0xa4, GET_DATA: 0xcb, GET_METADATA: 0xf7, VERIFY: 0x20, GENERAL_AUTHENTICATE: 0x87 } as const;
const IDLE_MS = 40;

const caches: CardCache[] = [];
const handovers: TokenHandover[] = [];
afterEach(() => {
  caches.splice(0).forEach((c) => c.close());
  handovers.splice(0).forEach((h) => h.close());
});

interface WorkerOptions {
  /** false: a worker of a build without the card cache (writes the card without telling anyone). */
  readonly cache?: boolean;
  /** The cache's storage, instead of the origin's IndexedDB. */
  readonly store?: CardCacheStore;
  /** Hands the token over between windows (issue 15 §4) on the world's channel; default none. */
  readonly handover?: boolean;
  readonly idleMs?: number;
}

let ca: InProcessCa;
beforeAll(async () => {
  ca = await inProcessCa();
});
afterAll(() => ca.close());

async function world() {
  const { card, caCertificate } = await provisionDemoTokenWithCa();
  const seen: Uint8Array[] = [];
  const watch = (watched: PivCard): void => {
    const transmit = watched.transmit.bind(watched);
    watched.transmit = (apdu: Uint8Array) => {
      seen.push(apdu.slice());
      return transmit(apdu);
    };
  };
  watch(card);
  let device = new VirtualUsbDevice(card, { serialNumber: 'CACHE-1' });
  const bus = new VirtualUsb();
  bus.plug(device);
  const shared = new SharedUsb(bus);
  const factory = new IDBFactory();
  const channel = `ukey-card-cache-test-${Math.random()}`;
  // What every window's worker shares in the browser: the renewal journals (IndexedDB) and the Web Locks.
  const journal = new MemoryRenewalJournalStore();
  const locks = new InProcessLocks();
  const handover = (): TokenHandover => {
    const made = new TokenHandover(broadcastHandoverPort(`${channel}-handover`)!, { answerMs: 200, releaseMs: 3_000 });
    handovers.push(made);
    return made;
  };
  /** A window's worker: its own DeviceService and cache object, the origin's IndexedDB and channel. */
  const worker = async (options: WorkerOptions = {}): Promise<DeviceService> => {
    const store = options.store ?? new IdbCardCacheStore(() => openAppDb(factory));
    const cache = options.cache === false ? null : new CardCache(store, broadcastCardCacheChannel(channel));
    if (cache) caches.push(cache);
    const usb = shared.context();
    const service = createDeviceService({
      sources: [],
      // The demo source: the only token the demo CA's online renewal serves (issue 14 §3). Every worker reaches
      // the one device through its own view, one claim at a time.
      loadDemo: async () => {
        const [view] = await usb.getDevices();
        return usbSourceDevice(usb, view!, describeUsbDevice(view!, DEMO_TOKEN_ID, 'virtual', true), [caCertificate]);
      },
      idleMs: options.idleMs ?? IDLE_MS,
      cardCache: cache,
      ...(options.handover ? { handover: handover() } : {}),
      renewalJournal: journal,
      renewalLocks: locks,
      // No service worker in Node: the renewal reaches the reference CA in process.
      renewalSend: async (_url, der) => ({ kind: 'response', der: await ca.service.handle(der) }),
    });
    await service.tokens.startDemoToken();
    return service;
  };
  /** Another card of the same model with the same serial (re-provisioned) takes the first one's place. */
  const swap = (next: PivCard): void => {
    watch(next);
    bus.unplug(device);
    device = new VirtualUsbDevice(next, { serialNumber: 'CACHE-1' });
    bus.plug(device);
  };
  return {
    card, caCertificate, seen, ins: () => seen.map((a) => a[1]!), tokenId: DEMO_TOKEN_ID, worker, swap, delayReplies: (ms: number) => device.faults.delayReplies(ms),
    /** The origin's card cache as another window would open it. */
    cacheStore: () => new IdbCardCacheStore(() => openAppDb(factory)),
  };
}

/** GET DATA of the Key History object 5FC10C (SP 800-73-4 Part 1 §3.3.3): the first read of every full listing. */
const keyHistoryReads = (apdus: readonly Uint8Array[]): number =>
  apdus.filter((a) => a[1] === INS.GET_DATA && Buffer.from(a).toString('hex').includes('5c035fc10c')).length;
const certificateOf = (envelope: SignInEnvelope): Uint8Array => new Uint8Array(Buffer.from(envelope.cert, 'base64'));

/** The popup's three calls; resolves with the verified identity and the envelope. */
async function signInWith(service: DeviceService, caCertificate: Uint8Array, slot?: number): Promise<{ identity: string; envelope: SignInEnvelope }> {
  const store = new MemoryChallengeStore();
  const { challenge } = await issueChallenge(store, { sessionId: 's' });
  const choices = await service.signIn.signInChoices();
  const choice = slot === undefined ? choices[0]! : choices.find((c) => c.keyRef === slot)!;
  await service.pin.getPinStatus(choice.tokenId);
  const envelope = await service.signIn.signIn({ tokenId: choice.tokenId, keyRef: choice.keyRef, request: { t: 'ukey:get', v: 1, challenge }, origin: PORTAL, pin: FACTORY_DEFAULTS.PIN });
  const identity = await verifyLogin({ response: envelope, store, sessionId: 's', expectedOrigins: [PORTAL], trust: [caCertificate] });
  return { identity: JSON.stringify(identity), envelope };
}

async function signInOnce(service: DeviceService, caCertificate: Uint8Array): Promise<string> {
  return (await signInWith(service, caCertificate)).identity;
}

const released = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, IDLE_MS * 4));

describe('sign-in from a fresh worker with the card cached by identity', () => {
  it('costs at most 6 APDUs, and the verifier accepts the login', async () => {
    const w = await world();
    expect(await signInOnce(await w.worker(), w.caCertificate)).toContain('张三'); // the app tab read the card before
    await released();
    const before = w.card.apduCount;
    w.seen.length = 0;
    expect(await signInOnce(await w.worker(), w.caCertificate)).toContain('张三'); // the popup's new worker
    expect(w.card.apduCount - before).toBeLessThanOrEqual(6);
    // SELECT, the 9A certificate read back (proof of the cached set), PIN and PUK tries (YubiKey GET METADATA),
    // VERIFY right before GENERAL AUTHENTICATE.
    expect(w.ins()).toEqual([INS.SELECT, INS.GET_DATA, INS.GET_METADATA, INS.GET_METADATA, INS.VERIFY, INS.GENERAL_AUTHENTICATE]);
  });

  it('the app tab only read the certificates (the dashboard): the popup\'s fresh worker still signs in with at most 6 APDUs', async () => {
    const w = await world();
    expect((await (await w.worker()).tokens.readCertificates(w.tokenId)).length).toBeGreaterThan(0);
    await released();
    w.seen.length = 0;
    expect(await signInOnce(await w.worker(), w.caCertificate)).toContain('张三');
    expect(w.seen.length).toBeLessThanOrEqual(6);
  });

  it('a renewal in another worker: the held worker and the next fresh worker offer the renewed certificate', async () => {
    const w = await world();
    const popup = await w.worker();
    const first = await signInWith(popup, w.caCertificate);
    await released();
    const tab = await w.worker();
    const status = await tab.renewal.startRenewal({ tokenId: w.tokenId, keyRef: 0x9a, pin: FACTORY_DEFAULTS.PIN });
    expect(status.step).toBe('done');
    const renewed = status.newCertificate!;
    expect(renewed).not.toEqual(certificateOf(first.envelope));
    await released();
    // The popup's worker still lives and knew the old certificate: the broadcast made it forget.
    expect((await popup.signIn.signInChoices())[0]!.notAfter).toBe(parseCertificate(renewed).notAfter.toISOString());
    expect(certificateOf((await signInWith(popup, w.caCertificate)).envelope)).toEqual(renewed);
    await released();
    expect(certificateOf((await signInWith(await w.worker(), w.caCertificate)).envelope)).toEqual(renewed);
  });

  it('a certificate written by another worker reaches a worker that holds the old listing in memory', async () => {
    const w = await world();
    const popup = await w.worker();
    expect((await signInWith(popup, w.caCertificate)).envelope.alg).toBe('ES256');
    const nine_c = (await popup.tokens.readCertificates(w.tokenId)).find((c) => c.keyRef === 0x9c)!.der;
    await released();
    await (await w.worker()).keyAdmin.writeCertificate(w.tokenId, 0x9a, nine_c, FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX);
    await released();
    // 9A now carries the RSA certificate of 9C (before: its own P-256 one).
    expect((await popup.signIn.signInChoices()).find((c) => c.keyRef === 0x9a)?.alg).toBe('RS256');
  });

  it('a different card under the same identity (re-provisioned, same serial): no certificate of the old one is offered', async () => {
    const w = await world();
    const first = await signInWith(await w.worker(), w.caCertificate);
    await released();
    const { card: reprovisioned, caCertificate } = await provisionDemoTokenWithCa();
    w.swap(reprovisioned); // the same serial and CHUID, new keys and certificates
    const popup = await w.worker();
    const { envelope } = await signInWith(popup, caCertificate);
    const now = (await popup.tokens.readCertificates(w.tokenId)).find((c) => c.keyRef === 0x9a)!.der;
    expect(certificateOf(envelope)).toEqual(now);
    expect(certificateOf(envelope)).not.toEqual(certificateOf(first.envelope));
    // And the origin's cache now holds the new card's set: the next fresh worker is fast again.
    await released();
    w.seen.length = 0;
    expect(certificateOf((await signInWith(await w.worker(), caCertificate)).envelope)).toEqual(now);
    expect(w.seen.length).toBeLessThanOrEqual(6);
  });

  it('a stale cached certificate is caught before VERIFY: one re-read, the PIN never sent, nothing signed until listed again', async () => {
    const w = await world();
    const popup = await w.worker();
    await signInWith(popup, w.caCertificate);
    const nine_a = (await popup.tokens.readCertificates(w.tokenId)).find((c) => c.keyRef === 0x9a)!.der;
    await released();
    // A tool that does not know our cache rewrites 9C (here: a worker of a build without it).
    await (await w.worker({ cache: false })).keyAdmin.writeCertificate(w.tokenId, 0x9c, nine_a, FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX);
    await released();
    const fresh = await w.worker();
    // 9A proved by reading it back; 9C is still the cached one (the RSA signature certificate).
    expect((await fresh.signIn.signInChoices()).find((c) => c.keyRef === 0x9c)?.alg).toBe('RS256');
    w.seen.length = 0;
    const request = { t: 'ukey:get', v: 1, challenge: 'A'.repeat(43) };
    const sign = () => fresh.signIn.signIn({ tokenId: w.tokenId, keyRef: 0x9c, request, origin: PORTAL, pin: FACTORY_DEFAULTS.PIN }).catch((e: unknown) => e);
    expect(await sign()).toMatchObject({ name: 'SignInCertificateChangedError', tokenId: w.tokenId });
    expect(keyHistoryReads(w.seen)).toBe(1); // exactly one full re-read
    expect(w.ins()).not.toContain(INS.VERIFY);
    expect(await sign()).toMatchObject({ name: 'SignInCertificateChangedError' }); // the window must list again first
    expect(keyHistoryReads(w.seen)).toBe(1);
    expect(w.ins()).not.toContain(INS.VERIFY);
    // Listed again: what the card holds now (9A's P-256 certificate written into 9C), never the stale one.
    expect((await fresh.signIn.signInChoices()).find((c) => c.keyRef === 0x9c)?.alg).toBe('ES256');
    expect(keyHistoryReads(w.seen)).toBe(1);
  });

  it('with two app windows open, one holding the token and one that let it go, the popup gets the token', async () => {
    const w = await world();
    w.delayReplies(10); // a real token's time per reply: the holder takes a moment to let go
    const idle = await w.worker({ handover: true, idleMs: 60_000 });
    await idle.pin.getPinStatus(w.tokenId);
    const holding = await w.worker({ handover: true, idleMs: 60_000 });
    await holding.pin.getPinStatus(w.tokenId); // took the token from the first window, which keeps its session
    const popup = await w.worker({ handover: true });
    expect(await signInOnce(popup, w.caCertificate)).toContain('张三');
  });

  it('leaving the demo removes the demo card from the cache of every window and its sign-in history (issue 16 §2)', async () => {
    const w = await world();
    const tab = await w.worker();
    expect(await signInOnce(tab, w.caCertificate)).toContain('张三');
    expect(await tab.signIn.listSignIns(w.tokenId)).toHaveLength(1);
    await released();
    expect((await w.cacheStore().cardsSeenUnder(w.tokenId, 'piv')).length).toBe(1);
    await tab.tokens.leaveDemoToken();
    expect(await w.cacheStore().forgetToken(w.tokenId)).toEqual([]); // nothing left to forget, not even a tombstone
    expect(await tab.signIn.listSignIns(w.tokenId)).toEqual([]); // and no sign-in history of it
  });

  it('storage that fails (quota, a closed database) makes the cache a miss, never a failed sign-in', async () => {
    const w = await world();
    const broken = async (): Promise<never> => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const store: CardCacheStore = { get: broken, cardsSeenUnder: broken, generation: broken, put: broken, invalidate: broken, forgetToken: broken };
    expect(await signInOnce(await w.worker({ store }), w.caCertificate)).toContain('张三');
    await released();
    expect(await signInOnce(await w.worker({ store }), w.caCertificate)).toContain('张三');
  });
});
