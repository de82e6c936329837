import { describe, expect, it } from 'vitest';
import { NotSupportedError } from '../../../src/shared/errors/common-errors';
import { SmartCardSource } from '../../../src/sources/smart-card';
import { PivCard, VIRTUAL_PIV_ATR } from '../../../src/virtual/virtual-token/piv-card';
import { FakeSmartCardSystem } from '../../support/fake-smart-card';

const TOKEN = 'Watchdata USB Key 00 00';

describe('SmartCardSource: list readers, wait for a card, open a transport', () => {
  it('without navigator.smartCard (not an IWA) it says so with a typed error', async () => {
    await expect(SmartCardSource.open(undefined)).rejects.toBeInstanceOf(NotSupportedError);
    await expect(SmartCardSource.open(undefined)).rejects.toMatchObject({ feature: 'Web Smart Card API', guideId: 'browser-versions' });
  });

  it('lists readers and what each holds', async () => {
    const system = new FakeSmartCardSystem();
    system.plugReader('Empty reader 00 00');
    system.plugReader(TOKEN, PivCard.create());
    const source = await SmartCardSource.open(system);
    expect(await source.listReaders()).toEqual(['Empty reader 00 00', TOKEN]);
    const [empty, token] = await source.snapshot();
    expect(empty).toMatchObject({ present: false, inUse: false });
    expect(token).toMatchObject({ readerName: TOKEN, present: true, atr: VIRTUAL_PIV_ATR });
  });

  it('waits for a USB token to be plugged in (the PnP notification reader wakes it)', async () => {
    const system = new FakeSmartCardSystem();
    const source = await SmartCardSource.open(system);
    const waiting = source.waitForCard();
    await new Promise((resolve) => setTimeout(resolve, 5));
    system.plugReader(TOKEN, PivCard.create());
    expect((await waiting).readerName).toBe(TOKEN);
  });

  it('a token plugged in while the readers are being listed is not missed (PnP reader count)', async () => {
    const system = new FakeSmartCardSystem();
    const establish = system.establishContext.bind(system);
    let plugged = false;
    // The token arrives right after listReaders answered and before getStatusChange starts watching.
    system.establishContext = async () => {
      const context = await establish();
      const list = context.listReaders.bind(context);
      context.listReaders = async () => {
        const names = await list();
        if (!plugged) system.plugReader(TOKEN, PivCard.create());
        plugged = true;
        return names;
      };
      return context;
    };
    const source = await SmartCardSource.open(system);
    expect((await source.waitForCard({ pollMs: 3_600_000 })).readerName).toBe(TOKEN);
  });

  it('without PnP support it lists again, so a token plugged in later is still found', async () => {
    const system = new FakeSmartCardSystem({ pnp: false });
    const source = await SmartCardSource.open(system);
    const waiting = source.waitForCard({ pollMs: 2 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    system.plugReader(TOKEN, PivCard.create());
    expect((await waiting).readerName).toBe(TOKEN);
  });

  it('waits for a card inserted into a reader that is already there', async () => {
    const system = new FakeSmartCardSystem();
    system.plugReader('Reader 00 00');
    const source = await SmartCardSource.open(system);
    const waiting = source.waitForCard({ readerName: 'Reader 00 00' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    system.insertCard('Reader 00 00', PivCard.create());
    expect(await waiting).toMatchObject({ readerName: 'Reader 00 00', present: true });
  });

  it('stops waiting with the caller abort reason', async () => {
    const system = new FakeSmartCardSystem();
    const source = await SmartCardSource.open(system);
    const abort = new AbortController();
    const waiting = source.waitForCard({ signal: abort.signal });
    const reason = new Error('user closed the dialog');
    abort.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    // The context is free again: one operation at a time (WICG web-smart-card §SmartCardContext).
    expect(await source.listReaders()).toEqual([]);
  });

  it('opens a transport on a context of its own, so waiting and transmitting never collide', async () => {
    const system = new FakeSmartCardSystem();
    system.plugReader(TOKEN, PivCard.create());
    const source = await SmartCardSource.open(system);
    const reader = await source.waitForCard();
    const transport = await source.openTransport(reader.readerName);
    expect(await source.snapshot()).toEqual([expect.objectContaining({ inUse: true })]);
    const response = await transport.exchange(Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x05, 0xa0, 0x00, 0x00, 0x03, 0x08));
    expect(response.slice(-2)).toEqual(Uint8Array.of(0x90, 0x00));
    await transport.close();
    expect(await source.snapshot()).toEqual([expect.objectContaining({ inUse: false })]);
  });
});
