/**
 * The fake navigator.smartCard stands in for the browser, so it must keep the draft's rules the transport
 * relies on (WICG web-smart-card index.bs); these tests pin them.
 */
import { describe, expect, it } from 'vitest';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { FakeSmartCardSystem } from '../../support/fake-smart-card';

const READER = 'Reader 00 00';
const SELECT_PIV = Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x05, 0xa0, 0x00, 0x00, 0x03, 0x08);
const GET_PIN_STATUS = Uint8Array.of(0x00, 0x20, 0x00, 0x80);
const swOf = (b: ArrayBuffer): string => Buffer.from(new Uint8Array(b).slice(-2)).toString('hex');

describe('fake navigator.smartCard follows the draft', () => {
  it('one operation per context: a second call while one runs is InvalidStateError (§SmartCardContext)', async () => {
    const system = new FakeSmartCardSystem();
    const context = await system.establishContext();
    const first = context.listReaders();
    await expect(context.listReaders()).rejects.toMatchObject({ name: 'InvalidStateError' });
    await first;
    expect(await context.listReaders()).toEqual([]);
  });

  it('a transaction callback that returns nothing ends with "reset" (§startTransaction)', async () => {
    const system = new FakeSmartCardSystem();
    system.plugReader(READER, PivCard.create());
    const { connection } = await (await system.establishContext()).connect(READER, 'shared', { preferredProtocols: ['t1'] });
    await connection.startTransaction(async () => {
      expect(swOf(await connection.transmit(SELECT_PIV))).toBe('9000');
      return undefined;
    });
    // The reset cleared the selected application: the PIV applet answers no more until selected again.
    expect(swOf(await connection.transmit(GET_PIN_STATUS))).not.toBe('63c3');
  });

  it('getStatusChange answers at once when the caller is unaware, waits for a change otherwise, and honours abort', async () => {
    const system = new FakeSmartCardSystem();
    system.plugReader(READER);
    const context = await system.establishContext();
    const [now] = await context.getStatusChange([{ readerName: READER, currentState: { unaware: true } }]);
    expect(now).toMatchObject({ eventCount: 0, eventState: { empty: true, present: false } });
    const change = context.getStatusChange([{ readerName: READER, currentState: { empty: true }, currentCount: 0 }]);
    system.insertCard(READER, PivCard.create());
    expect((await change)[0]).toMatchObject({ eventCount: 1, eventState: { present: true, changed: true } });
    const abort = new AbortController();
    const waiting = context.getStatusChange([{ readerName: READER, currentState: { present: true }, currentCount: 1 }], { signal: abort.signal });
    abort.abort('stop');
    await expect(waiting).rejects.toBe('stop');
  });

  it('PC/SC removal and reset warnings reach the handle (SCARD_W_REMOVED_CARD, SCARD_W_RESET_CARD)', async () => {
    const system = new FakeSmartCardSystem();
    system.plugReader(READER, PivCard.create());
    const a = (await (await system.establishContext()).connect(READER, 'shared', { preferredProtocols: ['t1'] })).connection;
    const b = (await (await system.establishContext()).connect(READER, 'shared', { preferredProtocols: ['t1'] })).connection;
    await b.disconnect('reset');
    await expect(a.transmit(SELECT_PIV)).rejects.toMatchObject({ name: 'SmartCardError', responseCode: 'reset-card' });
    expect(swOf(await a.transmit(SELECT_PIV))).toBe('9000'); // the warning comes once
    system.removeCard(READER);
    await expect(a.transmit(SELECT_PIV)).rejects.toMatchObject({ responseCode: 'removed-card' });
  });
});
