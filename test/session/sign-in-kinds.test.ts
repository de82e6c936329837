/**
 * Sign-in on every card kind (issue 15 §1, "every flow on every card kind"): choices → the chosen key's tries →
 * sign-in → the relying party's verifier accepts, on each kind the emulator can be (card-kinds.ts), first from
 * a worker that reads the card, then from a popup's fresh worker with the card cached by identity (≤ 6 APDUs).
 * - PIN Always (SP 800-73-4 Part 1 §3.2, e.g. 9C, or every key on the pin-always kind): the VERIFY is the command
 *   right before each GENERAL AUTHENTICATE.
 * - No GET METADATA (plain SP 800-73-4 cards): the tries still show, read by VERIFY without data (Part 2
 *   §3.2.1, answer 63CX), which spends no try.
 * - No MOVE KEY (review defect 2): after a renewal the role's key is in a retired slot, and that key — with the
 *   renewed certificate — is what sign-in offers first and signs with.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FACTORY_DEFAULTS, Slot } from '../../src/cards/piv/constants';
import { MemoryRenewalJournalStore } from '../../src/flows/renewal/journal';
import { issueChallenge, MemoryChallengeStore, verifyLogin } from '../../src/servers/verifier';
import type { SignInEnvelope } from '../../src/shared/signin/envelope';
import { DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { openAppDb } from '../../src/store';
import { IdbCardCacheStore } from '../../src/store/certificate-cache';
import { cardKind } from '../../src/virtual/virtual-token/card-kinds';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../../src/worker/device-service';
import type { DeviceService } from '../../src/worker/device-service-api';
import { broadcastCardCacheChannel, CardCache } from '../../src/worker/sign-in-card-cache';
import { InProcessLocks } from '../../src/worker/token-locks';
import { SharedUsb } from '../support/shared-usb';
import { inProcessCa, KIND_IDS, type InProcessCa } from '../unit/renewal/support/virtual-renewal';

const PORTAL = 'https://portal.example.cn';
const IDLE_MS = 40;
const INS = { VERIFY: 0x20, GENERAL_AUTHENTICATE: 0x87, GET_METADATA: 0xf7 } as const;

let ca: InProcessCa;
beforeAll(async () => {
  ca = await inProcessCa();
});
afterAll(() => ca.close());
const caches: CardCache[] = [];
afterEach(() => caches.splice(0).forEach((c) => c.close()));

const released = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, IDLE_MS * 4));
const certificateOf = (envelope: SignInEnvelope): Uint8Array => new Uint8Array(Buffer.from(envelope.cert, 'base64'));

/** The kind's demo card behind one shared USB device; each worker is a window's (own cache object, one IndexedDB). */
async function kindWorld(kind: (typeof KIND_IDS)[number]) {
  const { card, caCertificate } = await provisionDemoTokenWithCa(new Date(), kind);
  const seen: Uint8Array[] = [];
  const transmit = card.transmit.bind(card);
  card.transmit = (apdu: Uint8Array) => {
    seen.push(apdu.slice());
    return transmit(apdu);
  };
  const bus = new VirtualUsb();
  bus.plug(new VirtualUsbDevice(card, { serialNumber: `KIND-${kind}` }));
  const shared = new SharedUsb(bus);
  const factory = new IDBFactory();
  const channel = `ukey-sign-in-kinds-${Math.random()}`;
  const journal = new MemoryRenewalJournalStore();
  const locks = new InProcessLocks();
  const worker = async (): Promise<DeviceService> => {
    const cache = new CardCache(new IdbCardCacheStore(() => openAppDb(factory)), broadcastCardCacheChannel(channel));
    caches.push(cache);
    const usb = shared.context();
    const service = createDeviceService({
      sources: [],
      loadDemo: async () => {
        const [view] = await usb.getDevices();
        return usbSourceDevice(usb, view!, describeUsbDevice(view!, DEMO_TOKEN_ID, 'virtual', true), [caCertificate]);
      },
      idleMs: IDLE_MS,
      cardCache: cache,
      renewalJournal: journal,
      renewalLocks: locks,
      renewalSend: async (_url, der) => ({ kind: 'response', der: await ca.service.handle(der) }),
    });
    await service.tokens.startDemoToken();
    return service;
  };
  return { card, caCertificate, seen, worker };
}

interface Outcome {
  readonly slot: number;
  readonly tries: number | null;
  readonly envelope: SignInEnvelope;
}

/** Choices → the chosen key's tries → sign-in → the verifier; `slot` picks a key other than the preferred one. */
async function signIn(service: DeviceService, caCertificate: Uint8Array, slot?: number): Promise<Outcome> {
  const store = new MemoryChallengeStore();
  const { challenge } = await issueChallenge(store, { sessionId: 's' });
  const choices = await service.signIn.signInChoices();
  const choice = slot === undefined ? choices.find((c) => c.preferred)! : choices.find((c) => c.keyRef === slot)!;
  expect(choice).toBeDefined();
  const tries = (await service.pin.getPinStatus(choice.tokenId)).pin.attemptsRemaining;
  const envelope = await service.signIn.signIn({ tokenId: choice.tokenId, keyRef: choice.keyRef, request: { t: 'ukey:get', v: 1, challenge }, origin: PORTAL, pin: FACTORY_DEFAULTS.PIN });
  expect(JSON.stringify(await verifyLogin({ response: envelope, store, sessionId: 's', expectedOrigins: [PORTAL], trust: [caCertificate] }))).toContain('张三');
  return { slot: choice.keyRef, tries, envelope };
}

/** Every GENERAL AUTHENTICATE with a key (not the 9B management key) has VERIFY as the command right before it. */
function verifyRightBeforeEachSignature(apdus: readonly Uint8Array[]): number {
  let signatures = 0;
  apdus.forEach((apdu, i) => {
    if (apdu[1] !== INS.GENERAL_AUTHENTICATE || apdu[3] === 0x9b || (apdu[0]! & 0x10) !== 0) return;
    let j = i - 1;
    while (j >= 0 && apdus[j]![1] === INS.GENERAL_AUTHENTICATE && (apdus[j]![0]! & 0x10) !== 0) j--; // chained parts
    expect(apdus[j]?.[1]).toBe(INS.VERIFY);
    signatures++;
  });
  return signatures;
}

describe.each(KIND_IDS)('sign-in on a %s', (kind) => {
  const hasMetadata = cardKind(kind).vendorInstructions.has(INS.GET_METADATA);
  const canMove = cardKind(kind).vendorInstructions.has(0xf6);

  it('choices → tries → sign-in → verified; then a fresh worker with the card cached: ≤ 6 APDUs', async () => {
    const w = await kindWorld(kind);
    const first = await signIn(await w.worker(), w.caCertificate);
    expect(first.slot).toBe(Slot.AUTHENTICATION);
    expect(first.tries).toBe(FACTORY_DEFAULTS.PIN_RETRIES);
    await released();
    w.seen.length = 0;
    const again = await signIn(await w.worker(), w.caCertificate);
    expect(certificateOf(again.envelope)).toEqual(certificateOf(first.envelope));
    expect(again.tries).toBe(FACTORY_DEFAULTS.PIN_RETRIES);
    expect(w.seen.length).toBeLessThanOrEqual(6);
    // Without GET METADATA the tries come from VERIFY without data (no try spent: still the full count above).
    if (!hasMetadata) expect(w.seen.some((a) => a[1] === INS.VERIFY && a.length === 4)).toBe(true);
    expect(verifyRightBeforeEachSignature(w.seen)).toBe(1);
  });

  it('the signature key (9C: PIN Always where the card makes it so, SP 800-73-4 Part 1 §3.2) twice, then 9A: VERIFY right before each signature', async () => {
    const w = await kindWorld(kind);
    const service = await w.worker();
    w.seen.length = 0;
    await signIn(service, w.caCertificate, Slot.SIGNATURE);
    await signIn(service, w.caCertificate, Slot.SIGNATURE);
    await signIn(service, w.caCertificate);
    expect(verifyRightBeforeEachSignature(w.seen)).toBe(3);
  });

  it('after a renewal, sign-in offers and signs with the renewed key and certificate (in its retired slot without MOVE KEY)', async () => {
    const w = await kindWorld(kind);
    const popup = await w.worker();
    const before = await signIn(popup, w.caCertificate);
    await released();
    const status = await (await w.worker()).renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: Slot.AUTHENTICATION, pin: FACTORY_DEFAULTS.PIN });
    expect(status.step).toBe('done');
    const active = canMove ? Slot.AUTHENTICATION : status.newKeyRef;
    expect(status.activeKeyRef ?? Slot.AUTHENTICATION).toBe(active);
    await released();
    for (const service of [popup, await w.worker()]) {
      const after = await signIn(service, w.caCertificate);
      expect(after.slot).toBe(active);
      expect(certificateOf(after.envelope)).toEqual(status.newCertificate);
      expect(certificateOf(after.envelope)).not.toEqual(certificateOf(before.envelope));
      await released();
    }
  });
});
