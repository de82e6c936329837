/**
 * The sign-in benches' world (issue 15): one emulated card behind one USB device that every "window" reaches
 * through its own view, one claim at a time (test/support/shared-usb.ts), as the browser's windows and popups do.
 * Each worker is a DeviceService of its own — the app tab's or a popup's — with, when asked, the origin's card
 * cache (one IndexedDB, one BroadcastChannel) and the token handover between windows.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { DEMO_TOKEN_ID } from '../src/sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../src/sources/webusb-ccid-source';
import { openAppDb } from '../src/store';
import { IdbCardCacheStore } from '../src/store/certificate-cache';
import { PivCard } from '../src/virtual/virtual-token/piv-card';
import type { CardKindId } from '../src/virtual/virtual-token/card-kinds';
import { VirtualUsb } from '../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../src/worker/device-service';
import type { DeviceService } from '../src/worker/device-service-api';
import { broadcastCardCacheChannel, CardCache } from '../src/worker/sign-in-card-cache';
import { broadcastHandoverPort, TokenHandover } from '../src/worker/token-handover';
import { SharedUsb } from '../test/support/shared-usb';

export const PIN = '123456';
export const PORTAL = 'https://portal.example.cn';

export interface WorkerOptions {
  /** The origin's card cache (default true). */
  readonly cache?: boolean;
  /** Release the token this long after the last command (default 2 s, the app's). */
  readonly idleMs?: number;
}

export interface SignInWorld {
  readonly card: PivCard;
  worker(options?: WorkerOptions): Promise<DeviceService>;
  close(): void;
}

/** `replyDelayMs`: each card reply waits this long (a real token's USB and card time; default none). */
export function signInWorld(state: unknown, kind?: CardKindId, replyDelayMs = 0): SignInWorld {
  const card = PivCard.fromJSON(state, kind ? { kind } : {});
  const bus = new VirtualUsb();
  const device = new VirtualUsbDevice(card, { serialNumber: 'BENCH' });
  device.faults.delayReplies(replyDelayMs);
  bus.plug(device);
  const shared = new SharedUsb(bus);
  const factory = new IDBFactory();
  const suffix = Math.random().toString(36).slice(2);
  const closers: (() => void)[] = [];
  return {
    card,
    async worker(options = {}) {
      const cache = options.cache === false ? null : new CardCache(new IdbCardCacheStore(() => openAppDb(factory)), broadcastCardCacheChannel(`bench-cache-${suffix}`));
      const handover = new TokenHandover(broadcastHandoverPort(`bench-handover-${suffix}`)!);
      closers.push(() => (cache?.close(), handover.close()));
      const usb = shared.context();
      const service = createDeviceService({
        sources: [],
        loadDemo: async () => {
          const [view] = await usb.getDevices();
          return usbSourceDevice(usb, view!, describeUsbDevice(view!, DEMO_TOKEN_ID, 'virtual', true));
        },
        handover,
        cardCache: cache,
        ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
      });
      await service.tokens.startDemoToken();
      return service;
    },
    close: () => closers.splice(0).forEach((close) => close()),
  };
}

/** The sign popup's three calls (choices, the chosen key's tries, sign-in); resolves with the envelope. */
export async function popupSignIn(service: DeviceService, challenge: string) {
  const { choices } = await service.signIn.signInOptions();
  const choice = choices.find((c) => c.preferred) ?? choices[0]!;
  await service.pin.getPinStatus(choice.tokenId);
  return service.signIn.signIn({ tokenId: choice.tokenId, keyRef: choice.keyRef, request: { t: 'ukey:get', v: 1, challenge }, origin: PORTAL, pin: PIN });
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
