/**
 * Issue 16 §2, UX walk finding 8: each window's driver worker built its own demo card, so a PIN changed in the
 * app was not the PIN in the sign popup, and a reload restored the factory PIN. Here two driver services stand
 * for a tab and the sign popup (two workers): one IndexedDB (fake-indexeddb) and one lock manager (what
 * navigator.locks is across an origin) make their demo one card.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DemoSource } from '../../src/sources/demo-source';
import { indexedDbDemoCardStore, type DemoCardStore } from '../../src/sources/demo-card-store';
import { createDemoToken } from '../../src/worker/demo-device';
import { createDeviceService } from '../../src/worker/device-service';
import type { DeviceService } from '../../src/worker/device-service-api';
import { InProcessLocks } from '../../src/worker/token-locks';

const FACTORY_PIN = '123456';
const NEW_PIN = '24681357';
let store: DemoCardStore;
let locks: InProcessLocks;

/** One "window": its own driver service and demo device over the shared store. */
async function window(): Promise<{ service: DeviceService; tokenId: string }> {
  const service = createDeviceService({ sources: [], loadDemo: () => createDemoToken({ store, locks }) });
  const { id } = await service.tokens.startDemoToken();
  return { service, tokenId: id };
}

beforeEach(() => {
  store = indexedDbDemoCardStore(new IDBFactory());
  locks = new InProcessLocks();
});

describe('one demo card for every window', () => {
  it('a PIN changed in the tab is the PIN in the popup; a PIN blocked in the popup is blocked in the tab; a reload keeps both', async () => {
    const tab = await window();
    const popup = await window();
    await tab.service.pin.changePin(tab.tokenId, FACTORY_PIN, NEW_PIN);
    await expect(popup.service.pin.verifyPin(popup.tokenId, FACTORY_PIN)).rejects.toMatchObject({ attemptsRemaining: 2 });
    await popup.service.pin.verifyPin(popup.tokenId, NEW_PIN);
    expect((await tab.service.pin.getPinStatus(tab.tokenId)).pin).toMatchObject({ attemptsRemaining: 3, blocked: false, isDefault: false });

    for (let i = 0; i < 3; i++) await popup.service.pin.verifyPin(popup.tokenId, '000000').catch(() => undefined);
    expect((await popup.service.pin.getPinStatus(popup.tokenId)).pin.blocked).toBe(true);
    expect((await tab.service.pin.getPinStatus(tab.tokenId)).pin).toMatchObject({ attemptsRemaining: 0, blocked: true });

    const reloaded = await window();
    expect((await reloaded.service.pin.getPinStatus(reloaded.tokenId)).pin.blocked).toBe(true);
  }, 120_000);

  it('two windows starting the demo together make one card (the second does not provision its own)', async () => {
    const [a, b] = await Promise.all([window(), window()]);
    await a.service.pin.changePin(a.tokenId, FACTORY_PIN, NEW_PIN);
    await b.service.pin.verifyPin(b.tokenId, NEW_PIN);
  }, 120_000);

  it('leaving the demo deletes the saved card: the next start is factory-fresh', async () => {
    const tab = await window();
    await tab.service.pin.changePin(tab.tokenId, FACTORY_PIN, NEW_PIN);
    await store.clear();
    expect(await store.read()).toBeNull();
    // A window still holding the left demo does not bring it back by using it.
    await tab.service.pin.verifyPin(tab.tokenId, NEW_PIN);
    expect(await store.read()).toBeNull();
    const next = await window();
    await next.service.pin.verifyPin(next.tokenId, FACTORY_PIN);
  }, 120_000);
});

describe('DemoSource', () => {
  it('plugs in a demo started in another window by itself, and stop() forgets the saved card', async () => {
    let saved = true;
    let loads = 0;
    const device = { paired: { id: 'demo' } } as unknown as Awaited<ReturnType<DemoSource['start']>>;
    const source = new DemoSource(
      async () => (loads++, device),
      async () => saved,
      async () => void (saved = false),
    );
    expect(await source.list()).toEqual([device]);
    expect(loads).toBe(1);
    await source.stop();
    expect(saved).toBe(false);
    expect(await source.list()).toEqual([]);
  });

  it('unplugs a demo left in another window (its saved card deleted); keeps its own where nothing is shared', async () => {
    const device = { paired: { id: 'demo' } } as unknown as Awaited<ReturnType<DemoSource['start']>>;
    let saved: boolean | null = true;
    const source = new DemoSource(async () => device, async () => saved, async () => undefined);
    await source.start();
    expect(await source.list()).toEqual([device]);
    saved = false;
    expect(await source.list()).toEqual([]);
    const unshared = new DemoSource(async () => device, async () => null, async () => undefined);
    await unshared.start();
    expect(await unshared.list()).toEqual([device]);
  });

  it('a first start still saving its card is not unplugged by a list() in between', async () => {
    const device = { paired: { id: 'demo' } } as unknown as Awaited<ReturnType<DemoSource['start']>>;
    let release = (): void => undefined;
    let saved = false;
    // As SharedDemoCard.open: the card is saved, then the device resolves.
    const source = new DemoSource(() => new Promise((resolve) => (release = () => ((saved = true), resolve(device)))), async () => saved, async () => undefined);
    const started = source.start();
    const listed = source.list();
    release();
    await started;
    expect(await listed).toEqual([device]);
    saved = false; // left in another window
    expect(await source.list()).toEqual([]);
  });

  it('lists nothing when no demo was started anywhere', async () => {
    const source = new DemoSource(async () => { throw new Error('not started'); }, async () => false, async () => undefined);
    expect(await source.list()).toEqual([]);
  });
});
