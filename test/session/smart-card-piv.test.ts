import { describe, expect, it } from 'vitest';
import { WrongPinError } from '../../src/apdu/errors';
import { PivSession } from '../../src/cards/piv/session';
import { SmartCardSource } from '../../src/sources/smart-card';
import { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { EMULATED_VERSION } from '../../src/virtual/virtual-token';
import { FakeSmartCardSystem } from '../support/fake-smart-card';
import { DEFAULT_MGM_KEY, derToP1363, selfSigned } from './stack';

const READER = 'HDZB uKey 00 00';
const VERIFY = 0x20;

/** PivSession → ApduProcessor → SmartCardTransport → fake navigator.smartCard → virtual PIV card. */
async function openOverSmartCard(card = PivCard.create()) {
  const system = new FakeSmartCardSystem({ cardProtocols: ['t0', 't1'] });
  system.plugReader(READER, card);
  const source = await SmartCardSource.open(system);
  const reader = await source.waitForCard();
  const transport = await source.openTransport(reader.readerName);
  const session = await PivSession.open(transport);
  return { card, system, transport, session };
}

describe('PIV end to end over the Web Smart Card source (issue 11 §3)', () => {
  it('reads the card: version, serial, Discovery, certificates, PIN status without spending a try', async () => {
    const { session, card, transport } = await openOverSmartCard(PivCard.create({ serial: 0x0a0b0c0d }));
    expect(await session.getVersionText()).toBe(EMULATED_VERSION.join('.'));
    expect(await session.getSerial()).toBe(0x0a0b0c0d);
    expect((await session.readDiscovery())?.applicationPin).toBe(true);
    expect(await session.listCertificates()).toEqual([]);
    expect(await session.getPinStatus()).toEqual({ attemptsRemaining: 3, totalAttempts: 3, blocked: false, isDefault: true });
    expect(card.toJSON().pinRetriesLeft).toBe(3);
    await transport.close();
  });

  it('generates a key, stores a certificate, verifies the PIN and signs inside one PC/SC transaction', async () => {
    const { session, transport } = await openOverSmartCard();
    await session.authenticate(DEFAULT_MGM_KEY);
    const spki = await session.generateKey(0x9a, 'ECC-P256');
    const cert = await selfSigned('smart card source');
    await session.putCertificate(0x9a, cert);
    expect((await session.listCertificates()).map((c) => [c.slot, c.der])).toEqual([[0x9a, cert]]);
    const data = new TextEncoder().encode('portal login challenge 登录');
    const signature = await transport.withTransaction(() => session.signWithPin(0x9a, data, '123456'));
    const key = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, derToP1363(signature, 32), data)).toBe(true);
    await transport.close();
  });

  it('RSA-2048 signs with short APDUs and command chaining (the transport offers no extended length)', async () => {
    const { session, transport } = await openOverSmartCard();
    expect(transport.capabilities.extendedApdu).toBe(false);
    await session.authenticate(DEFAULT_MGM_KEY);
    const spki = await session.generateKey(0x9c, 'RSA-2048');
    const data = new TextEncoder().encode('RSA over PC/SC');
    // 9C is a "PIN always" slot (SP 800-73-4 Part 1 §3.2.2): VERIFY right before GENERAL AUTHENTICATE.
    const signature = await session.signWithPin(0x9c, data, '123456');
    const key = await crypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    expect(await crypto.subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, key, signature, data)).toBe(true);
  });

  it('a wrong PIN costs exactly one VERIFY and reports the tries left', async () => {
    const { session, card } = await openOverSmartCard();
    const verifies: number[] = [];
    const transmit = card.transmit.bind(card);
    card.transmit = (apdu: Uint8Array) => {
      if (apdu[1] === VERIFY && apdu.length > 5) verifies.push(apdu.length);
      return transmit(apdu);
    };
    const error = await session.verifyPin('000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPinError);
    expect((error as WrongPinError).attemptsRemaining).toBe(2);
    expect(verifies).toEqual([13]);
  });

  it('closing resets the card: the PIN verified through us does not stay verified for the next program', async () => {
    const { session, transport, system, card } = await openOverSmartCard();
    await session.verifyPin('123456');
    await transport.close();
    const next = await (await SmartCardSource.open(system)).openTransport(READER);
    const again = await PivSession.open(next);
    await again.authenticate(DEFAULT_MGM_KEY);
    await again.generateKey(0x9a, 'ECC-P256');
    await expect(again.sign(0x9a, Uint8Array.of(1))).rejects.toMatchObject({ name: 'SecurityStatusNotSatisfiedError' });
    expect(card.toJSON().pinRetriesLeft).toBe(3);
  });

  it('the card pulled mid-session: the next PIV call fails with DeviceDisconnectedError', async () => {
    const { session, system, transport } = await openOverSmartCard();
    const gone = new Promise<void>((resolve) => transport.onDisconnect(resolve));
    system.unplugReader(READER);
    await gone;
    await expect(session.getPinStatus()).rejects.toMatchObject({ name: 'DeviceDisconnectedError' });
  });
});
