import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotSupportedError } from '../../../src/shared/errors/common-errors';
import { UKeyError } from '../../../src/shared/errors/ukey-error';
import { SMART_CARD_RESPONSE_CODES, SmartCardTransport, classifySmartCardError } from '../../../src/sources/smart-card';
import { CardAbsentError, CardMuteError } from '../../../src/usb-driver/ccid-errors';
import { DeviceBusyError, DeviceDisconnectedError, DeviceNotFoundError } from '../../../src/usb-driver/device-errors';
import { PivCard, VIRTUAL_PIV_ATR } from '../../../src/virtual/virtual-token/piv-card';
import { FakeSmartCardSystem, SmartCardError } from '../../support/fake-smart-card';

const READER = 'Feitian ePass2003 00 00';
const SELECT_PIV = Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x09, 0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x00);
const GET_PIN_STATUS = Uint8Array.of(0x00, 0x20, 0x00, 0x80);
const sw = (r: Uint8Array): number => (r[r.length - 2]! << 8) | r[r.length - 1]!;

async function setup(options: ConstructorParameters<typeof FakeSmartCardSystem>[0] = {}) {
  const system = new FakeSmartCardSystem(options);
  const card = PivCard.create();
  system.plugReader(READER, card);
  const transport = await SmartCardTransport.open(system, READER);
  return { system, card, transport };
}

describe('SmartCardTransport over a fake navigator.smartCard backed by the virtual PIV card', () => {
  it('exchanges APDUs, reports the ATR and the link for the helpdesk', async () => {
    const { transport } = await setup();
    expect(sw(await transport.exchange(SELECT_PIV))).toBe(0x9000);
    expect(transport.atr).toEqual(VIRTUAL_PIV_ATR);
    expect(transport.capabilities).toEqual({ extendedApdu: false, maxCommandLength: 261 });
    expect(transport.describe()).toMatchObject({ source: 'web-smart-card', readerName: READER, protocol: 't1', cardProtocols: ['T=1'], atrProblem: null });
    await transport.close();
  });

  it('extended APDUs only when asked for and never under T=0 (ISO 7816-3 §12.2)', async () => {
    const system = new FakeSmartCardSystem({ cardProtocols: ['t0'] });
    system.plugReader(READER, PivCard.create());
    const t0 = await SmartCardTransport.open(system, READER, { extendedApdu: true });
    expect(t0.protocol).toBe('t0');
    expect(t0.capabilities.extendedApdu).toBe(false);
    await t0.close();
    const { system: s1 } = await setup();
    const t1 = await SmartCardTransport.open(s1, READER, { extendedApdu: true });
    expect(t1.capabilities).toEqual({ extendedApdu: true, maxCommandLength: 65_544 });
  });

  it('one exchange at a time: a second caller gets DeviceBusyError, the first completes', async () => {
    const { transport } = await setup();
    const first = transport.exchange(SELECT_PIV);
    await expect(transport.exchange(SELECT_PIV)).rejects.toBeInstanceOf(DeviceBusyError);
    expect(sw(await first)).toBe(0x9000);
  });

  it('card removed: the watch reports it once, every later exchange rejects with DeviceDisconnectedError', async () => {
    const { system, transport } = await setup();
    let calls = 0;
    const gone = new Promise<void>((resolve) => transport.onDisconnect(() => (calls += 1, resolve())));
    system.removeCard(READER);
    await gone;
    expect(transport.isDisconnected).toBe(true);
    await expect(transport.exchange(SELECT_PIV)).rejects.toBeInstanceOf(DeviceDisconnectedError);
    system.insertCard(READER, PivCard.create());
    await expect(transport.exchange(SELECT_PIV)).rejects.toBeInstanceOf(DeviceDisconnectedError);
    expect(calls).toBe(1);
    let late = 0;
    transport.onDisconnect(() => (late += 1));
    await Promise.resolve();
    expect(late).toBe(1);
  });

  it('token unplugged (reader and card in one): disconnect', async () => {
    const { system, transport } = await setup();
    const gone = new Promise<void>((resolve) => transport.onDisconnect(resolve));
    system.unplugReader(READER);
    await gone;
    await expect(transport.exchange(SELECT_PIV)).rejects.toMatchObject({ name: 'DeviceDisconnectedError' });
  });

  it('a transmit that says removed-card marks the transport gone; an unresponsive card does not', async () => {
    const { system, transport } = await setup();
    system.failNext(READER, 'transmit', 'unresponsive-card');
    await expect(transport.exchange(SELECT_PIV)).rejects.toBeInstanceOf(CardMuteError);
    expect(transport.isDisconnected).toBe(false);
    system.failNext(READER, 'transmit', 'removed-card');
    await expect(transport.exchange(SELECT_PIV)).rejects.toBeInstanceOf(DeviceDisconnectedError);
    expect(transport.isDisconnected).toBe(true);
  });

  it('another program resetting the card ends our session (our selected app and PIN state are gone)', async () => {
    const { system, transport } = await setup();
    expect(sw(await transport.exchange(SELECT_PIV))).toBe(0x9000);
    const other = await (await system.establishContext()).connect(READER, 'shared', { preferredProtocols: ['t1'] });
    await other.connection.disconnect('reset');
    await expect(transport.exchange(GET_PIN_STATUS)).rejects.toMatchObject({ name: 'DeviceDisconnectedError' });
    expect(transport.isDisconnected).toBe(true);
  });

  it('exclusive access keeps other programs out, and is refused while one is connected', async () => {
    const system = new FakeSmartCardSystem();
    system.plugReader(READER, PivCard.create());
    const mine = await SmartCardTransport.open(system, READER, { accessMode: 'exclusive' });
    await expect(SmartCardTransport.open(system, READER)).rejects.toBeInstanceOf(DeviceBusyError);
    await mine.close();
    const shared = await SmartCardTransport.open(system, READER);
    await expect(SmartCardTransport.open(system, READER, { accessMode: 'exclusive' })).rejects.toBeInstanceOf(DeviceBusyError);
    await shared.close();
  });

  it('a transaction keeps another context out until it ends, and leaves the card as it was', async () => {
    const { system, transport } = await setup();
    const order: string[] = [];
    const otherCtx = await system.establishContext();
    const other = (await otherCtx.connect(READER, 'shared', { preferredProtocols: ['t1'] })).connection;
    let intruder: Promise<unknown> = Promise.resolve();
    const result = await transport.withTransaction(async () => {
      await transport.exchange(SELECT_PIV);
      intruder = other.transmit(GET_PIN_STATUS).then(() => order.push('other'));
      const status = await transport.exchange(GET_PIN_STATUS);
      order.push('ours');
      return sw(status);
    });
    await intruder;
    expect(result).toBe(0x63c3);
    expect(order).toEqual(['ours', 'other']);
    expect(sw(await transport.exchange(GET_PIN_STATUS))).toBe(0x63c3); // still selected: ended with "leave"
  });

  it("a transaction body's own error comes out unchanged", async () => {
    const { transport } = await setup();
    const mine = new NotSupportedError('x', 'body failed');
    await expect(transport.withTransaction(async () => Promise.reject(mine))).rejects.toBe(mine);
    expect(sw(await transport.exchange(SELECT_PIV))).toBe(0x9000);
  });

  it('close waits for the exchange in flight, then disconnects with reset so no verified PIN stays behind', async () => {
    const { card, transport, system } = await setup();
    let powerOns = 0;
    const powerOn = card.powerOn.bind(card);
    card.powerOn = () => ((powerOns += 1), powerOn());
    const inFlight = transport.exchange(SELECT_PIV);
    await transport.close();
    expect(sw(await inFlight)).toBe(0x9000);
    expect(powerOns).toBe(1);
    expect(system.readers.get(READER)!.connections.size).toBe(0);
    await expect(transport.exchange(SELECT_PIV)).rejects.toBeInstanceOf(DeviceDisconnectedError);
  });

  it('opening: no reader → DeviceNotFoundError, no card → CardAbsentError', async () => {
    const system = new FakeSmartCardSystem();
    await expect(SmartCardTransport.open(system, 'nope')).rejects.toBeInstanceOf(DeviceNotFoundError);
    system.plugReader('empty reader');
    await expect(SmartCardTransport.open(system, 'empty reader')).rejects.toBeInstanceOf(CardAbsentError);
  });
});

describe('classifySmartCardError', () => {
  it.each(SMART_CARD_RESPONSE_CODES)('%s becomes a typed UKeyError for every operation', (code) => {
    for (const op of ['connect', 'transmit', 'watch'] as const) {
      const error = classifySmartCardError(new SmartCardError('m', code), 'r', op);
      expect(error).toBeInstanceOf(UKeyError);
    }
  });

  it('SecurityError (not an IWA, or no "smart-card" policy) → NotSupportedError with the browser guide', () => {
    const error = classifySmartCardError(new DOMException('x', 'SecurityError'), '', 'context');
    expect(error).toMatchObject({ name: 'NotSupportedError', guideId: 'browser-versions' });
  });

  it('anything thrown becomes a UKeyError (10,000 runs)', () => {
    const thrown = fc.oneof(
      fc.anything(),
      fc.record({ name: fc.string(), responseCode: fc.oneof(fc.string(), fc.constantFrom(...SMART_CARD_RESPONSE_CODES)) }),
    );
    fc.assert(
      fc.property(thrown, fc.string(), fc.constantFrom('connect', 'transmit', 'list', 'transaction' as const), (error, reader, op) => {
        expect(classifySmartCardError(error, reader, op)).toBeInstanceOf(UKeyError);
      }),
      { numRuns: 10_000 },
    );
  });
});
