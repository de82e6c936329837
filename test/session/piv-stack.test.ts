import { describe, expect, it } from 'vitest';
import { PinBlockedError, WrongPinError } from '../../src/apdu/errors';
import { Algorithm } from '../../src/cards/piv/constants';
import { ManagementKeyAuthError, PinFormatError } from '../../src/cards/piv/errors';
import { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { DEFAULT_MGM_KEY, derToP1363, openStack, selfSigned } from './stack';

const VERIFY = 0x20;

describe('PivSession over CcidTransport over the virtual USB token', () => {
  it('reads Discovery, CHUID, CCC, version and serial of a factory-fresh card', async () => {
    const { session, transport } = await openStack(PivCard.create({ serial: 0x01020304 }));
    expect((await session.readDiscovery())?.applicationPin).toBe(true);
    expect((await session.readChuid())?.guidHex).toMatch(/^[0-9A-F]{32}$/);
    expect(await session.readCcc()).not.toBeNull();
    expect(await session.getVersionText()).toBe('5.7.2');
    expect(await session.getSerial()).toBe(0x01020304);
    expect(await session.listCertificates()).toEqual([]);
    await transport.close();
  });

  it('PIN status spends no try (the card counter is unchanged) and sends no VERIFY', async () => {
    const { session, card } = await openStack();
    const before = card.toJSON().pinRetriesLeft;
    const status = await session.getPinStatus();
    expect(status).toEqual({ attemptsRemaining: 3, totalAttempts: 3, blocked: false, isDefault: true });
    expect((await session.getPukStatus()).attemptsRemaining).toBe(3);
    expect(card.toJSON().pinRetriesLeft).toBe(before);
  });

  it('a wrong PIN raises WrongPinError with tries left, and exactly one VERIFY is sent', async () => {
    const { session, card, device } = await openStack();
    const verifies: number[] = [];
    const transmit = card.transmit.bind(card);
    card.transmit = (apdu: Uint8Array) => {
      if (apdu[1] === VERIFY) verifies.push(apdu.length);
      return transmit(apdu);
    };
    const error = await session.verifyPin('000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPinError);
    expect((error as WrongPinError).attemptsRemaining).toBe(2);
    expect(verifies).toEqual([13]);
    expect(card.toJSON().pinRetriesLeft).toBe(2);
    expect(device.opened).toBe(true);
  });

  it('a 9-character PIN is refused before anything reaches the card', async () => {
    const { session, card } = await openStack();
    card.resetApduCount();
    await expect(session.verifyPin('123456789')).rejects.toBeInstanceOf(PinFormatError);
    expect(card.apduCount).toBe(0);
  });

  it('blocked PIN → PinBlockedError; unblock with the PUK; change PIN and PUK', async () => {
    const { session } = await openStack();
    for (const left of [2, 1]) {
      await expect(session.verifyPin('000000')).rejects.toMatchObject({ attemptsRemaining: left });
    }
    // The last wrong try: 63C0 or 6983 are both allowed (SP 800-73-4 Part 2 §3.2.1); both mean no tries left.
    const last = await session.verifyPin('000000').catch((e: unknown) => e);
    expect(last instanceof PinBlockedError || (last instanceof WrongPinError && last.attemptsRemaining === 0)).toBe(true);
    await expect(session.verifyPin('123456')).rejects.toBeInstanceOf(PinBlockedError);
    expect((await session.getPinStatus()).blocked).toBe(true);
    await session.unblockPin('12345678', '24681357');
    await session.verifyPin('24681357');
    await session.changePin('24681357', 'ab12cd');
    await session.verifyPin('ab12cd');
    await session.changePuk('12345678', '87654321');
    await expect(session.unblockPin('12345678', '111111')).rejects.toMatchObject({ name: 'WrongPinError', attemptsRemaining: 2 });
    expect(await session.getPinStatus()).toMatchObject({ attemptsRemaining: 3, isDefault: false });
  });

  it('management key: the default 3DES key authenticates, a wrong key is rejected', async () => {
    const { session } = await openStack();
    await session.authenticate(DEFAULT_MGM_KEY);
    await expect(session.authenticate(new Uint8Array(24).fill(7))).rejects.toMatchObject({
      name: 'ManagementKeyAuthError',
      failure: 'rejected',
    });
  });

  it.each([
    [Algorithm.AES_128, 16],
    [Algorithm.AES_192, 24],
    [Algorithm.AES_256, 32],
  ])('management key: AES algorithm %i (learned from GET METADATA)', async (alg, length) => {
    const key = Uint8Array.from({ length }, (_, i) => 0x40 + i);
    const json = { ...PivCard.create().toJSON(), managementKeyAlgorithm: alg, managementKey: Buffer.from(key).toString('hex') };
    const { session } = await openStack(PivCard.fromJSON(json));
    await session.authenticate(key);
    await expect(session.authenticate(key.map((b) => b ^ 1))).rejects.toBeInstanceOf(ManagementKeyAuthError);
  });

  it.each([
    ['ECC-P256', 0x9a, { name: 'ECDSA', namedCurve: 'P-256' }, { name: 'ECDSA', hash: 'SHA-256' }, 32],
    ['ECC-P384', 0x9c, { name: 'ECDSA', namedCurve: 'P-384' }, { name: 'ECDSA', hash: 'SHA-384' }, 48],
    ['RSA-2048', 0x9d, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, { name: 'RSASSA-PKCS1-v1_5' }, 0],
  ] as const)('generate %s in %i, put a certificate, sign; WebCrypto verifies', async (alg, slot, importAlg, verifyAlg, size) => {
    const { session } = await openStack();
    await session.authenticate(DEFAULT_MGM_KEY);
    const spki = await session.generateKey(slot, alg);
    const cert = await selfSigned(`slot ${slot.toString(16)}`);
    await session.putCertificate(slot, cert);
    expect((await session.listCertificates()).map((c) => [c.slot, c.der])).toEqual([[slot, cert]]);
    const data = new TextEncoder().encode('portal login challenge 登录');
    // VERIFY right before GENERAL AUTHENTICATE: 9C is a "PIN always" key (SP 800-73-4 Part 1 §3.2.2).
    const signature = await session.signWithPin(slot, data, '123456');
    const key = await crypto.subtle.importKey('spki', spki, importAlg, false, ['verify']);
    const raw = size === 0 ? signature : derToP1363(signature, size);
    expect(await crypto.subtle.verify(verifyAlg, key, raw, data)).toBe(true);
  });

  it('signing without the PIN is refused by the card (6982), typed', async () => {
    const { session } = await openStack();
    await session.authenticate(DEFAULT_MGM_KEY);
    await session.generateKey(0x9a, 'ECC-P256');
    await expect(session.sign(0x9a, Uint8Array.of(1))).rejects.toMatchObject({ name: 'SecurityStatusNotSatisfiedError' });
  });
});
