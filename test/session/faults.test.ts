import { describe, expect, it } from 'vitest';
import { UKeyError } from '../../src/shared/errors/ukey-error';
import { PivSession } from '../../src/cards/piv/session';
import { CcidTransport } from '../../src/usb-driver/ccid-transport';
import { CardAbsentError, CcidSequenceError, CcidTimeoutError, DeviceDisconnectedError, MalformedCcidError } from '../../src/usb-driver/errors';
import { DEFAULT_MGM_KEY, openStack, reopen, selfSigned } from './stack';

describe('injected faults end in typed errors and the next open works', () => {
  it('disconnect mid-exchange rejects cleanly; after re-plugging, a new session lists the certificates', async () => {
    const stack = await openStack();
    await stack.session.authenticate(DEFAULT_MGM_KEY);
    const cert = await selfSigned('survivor');
    await stack.session.putCertificate(0x9a, cert);
    stack.device.faults.disconnectAfter(3);
    await expect(stack.session.listCertificates()).rejects.toBeInstanceOf(DeviceDisconnectedError);
    // Later calls on the dead session fail fast with the same typed error, not a hang.
    await expect(stack.session.getPinStatus()).rejects.toBeInstanceOf(DeviceDisconnectedError);
    await stack.session.close();
    stack.usb.plug(stack.device);
    const again = await reopen(stack.card, stack.device, stack.usb);
    expect((await again.session.listCertificates()).map((c) => c.der)).toEqual([cert]);
  });

  it('time extensions are waited out', async () => {
    const { session, device } = await openStack();
    device.faults.timeExtensions(3);
    expect((await session.getPinStatus()).attemptsRemaining).toBe(3);
  });

  it('a reply with a wrong bSeq is a CcidSequenceError; a fresh open then works', async () => {
    const { session, device, usb, card, transport } = await openStack();
    device.faults.wrongSeq(1);
    await expect(session.readChuid()).rejects.toBeInstanceOf(CcidSequenceError);
    await transport.close();
    const again = await reopen(card, device, usb);
    expect(await again.session.readChuid()).not.toBeNull();
  });

  it('a truncated reply is a MalformedCcidError, never a RangeError', async () => {
    const { session, device } = await openStack();
    device.faults.truncate(1);
    const error = await session.readCcc().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedCcidError);
  });

  it('a silent reader times out with CcidTimeoutError', async () => {
    const first = await openStack();
    await first.transport.close();
    const { session, device } = await reopen(first.card, first.device, first.usb, 300);
    device.faults.silence(1);
    await expect(session.readChuid()).rejects.toBeInstanceOf(CcidTimeoutError);
  });

  it('a removed card is CardAbsentError; no PIN try is spent by any of these failures', async () => {
    const { session, device, card } = await openStack();
    device.removeCard();
    const error = await session.verifyPin('123456').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardAbsentError);
    expect(error).toBeInstanceOf(UKeyError);
    expect(card.toJSON().pinRetriesLeft).toBe(3);
  });

  it('parallel callers on one session are queued, not refused as busy', async () => {
    const { session, device } = await openStack();
    device.faults.delayReplies(5);
    const [pin, chuid, certs, serial] = await Promise.all([
      session.getPinStatus(),
      session.readChuid(),
      session.listCertificates(),
      session.getSerial(),
    ]);
    expect(pin.attemptsRemaining).toBe(3);
    expect(chuid).not.toBeNull();
    expect(certs).toEqual([]);
    expect(typeof serial).toBe('number');
  });

  it('a token without the PIV application raises PivAppNotFoundError', async () => {
    const { card, device, usb, transport } = await openStack();
    await transport.close();
    const t = await CcidTransport.open(device, { usb });
    const original = card.transmit.bind(card);
    card.transmit = (apdu: Uint8Array) => (apdu[1] === 0xa4 ? Promise.resolve(Uint8Array.of(0x6a, 0x82)) : original(apdu));
    await expect(PivSession.open(t)).rejects.toMatchObject({ name: 'PivAppNotFoundError', guideId: 'token-unsupported' });
  });
});
