import { beforeAll, describe, expect, it } from 'vitest';
import { PinBlockedError, WrongPinError } from '../../../src/apdu/errors';
import { TrafficLog } from '../../../src/apdu/traffic-log';
import { PKCS15_PROFILE, PKCS15_REDACTION_POLICY, Pkcs15PinFormatError } from '../../../src/cards/pkcs15';
import { PIV_PROFILE } from '../../../src/cards/piv/profile';
import { openTokenSession } from '../../../src/cards/seam/open-session';
import type { TokenSession } from '../../../src/cards/seam/token-session';
import { NotSupportedError } from '../../../src/shared/errors/common-errors';
import { Pkcs15Card, pkcs15Atr, pkcs15CardFrom, pkcs15TestLayout, type CardLayout } from '../../../src/virtual/pkcs15-card';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { CardTransport } from './card-transport';

const VERIFY = 0x20;
let layout: CardLayout;

beforeAll(async () => {
  layout = await pkcs15TestLayout();
});

async function open(card = pkcs15CardFrom(layout), log?: TrafficLog): Promise<{ session: TokenSession; transport: CardTransport; card: Pkcs15Card }> {
  const transport = new CardTransport(card);
  const session = await PKCS15_PROFILE.open(transport, log ? { log } : {});
  if (!session) throw new Error('profile did not open');
  return { session, transport, card };
}

describe('PKCS#15 profile on the emulated file-system card', () => {
  it('lists the holder certificates with key references and roles from the PrKDF usage; the CA certificate is not a key', async () => {
    const { session } = await open();
    const certs = await session.listCertificates();
    expect(certs.map((c) => [c.keyRef, c.role])).toEqual([
      [0x01, 'authentication'],
      [0x02, 'signature'],
    ]);
    expect(certs.map((c) => Buffer.from(c.der!).toString('hex'))).toEqual(layout.keys.map((k) => Buffer.from(k.certificate).toString('hex')));
    expect(certs.every((c) => c.error === null)).toBe(true);
    expect(Buffer.from((await session.readCertificate!(0x02))!)).toEqual(Buffer.from(layout.keys[1]!.certificate));
    expect(await session.readCertificate!(0x07)).toBeNull();
  });

  it('reads the facts from EF.TokenInfo and knows it can read tries without spending one', async () => {
    const { session, transport } = await open();
    expect(await session.readFacts()).toEqual({
      serialNumber: '202612060015',
      firmwareVersion: null,
      cardIdentifier: '202612060015',
      readsTriesWithoutSpending: true,
      // The AODF's PIN: 4 to 8 characters (ascii-numeric, sent as typed), padded by the profile (ISO 7816-15 §8.8.2).
      pinPolicy: { minLength: 4, maxLength: 8, charset: 'any' },
      capabilities: { credentials: { pin: true, unblockCode: false }, signs: false, renews: false },
    });
    expect(transport.count(VERIFY, true)).toBe(0);
  });

  it.each([
    ['by DF 5015 and EF.DIR when the DF has no AID', { withoutAid: true }],
    ['by DF 5015 alone', { withoutAid: true, withoutDir: true }],
    ['by AID without EF.DIR (relative paths selected from the application)', { withoutDir: true }],
  ])('finds the application %s', async (_what, variant) => {
    const card = pkcs15CardFrom(await pkcs15TestLayout(variant));
    const { session } = await open(card);
    expect((await session.listCertificates()).map((c) => c.keyRef)).toEqual([1, 2]);
    expect((await session.pinStatus()).pin.attemptsRemaining).toBe(3);
  });

  it('reads a card that refuses SELECT with P2=04 (FCP): selects without an answer and reads to the end of each file', async () => {
    const card = pkcs15CardFrom(layout, { refusesFcp: true });
    const { session } = await open(card);
    const certs = await session.listCertificates();
    expect(certs.map((c) => Buffer.from(c.der!).toString('hex'))).toEqual(layout.keys.map((k) => Buffer.from(k.certificate).toString('hex')));
    expect((await session.readFacts()).serialNumber).toBe('202612060015');
  });

  it('opens a card without EF.TokenInfo: the facts say "no serial number", certificates and PIN still work', async () => {
    const { session } = await open(pkcs15CardFrom(await pkcs15TestLayout({ withoutTokenInfo: true })));
    expect(await session.readFacts()).toMatchObject({ serialNumber: null, cardIdentifier: null, readsTriesWithoutSpending: true });
    expect((await session.listCertificates()).length).toBe(2);
  });

  it('is "not this profile" (null) on a card with neither the AID nor DF 5015, so the next profile may try', async () => {
    const empty = new Pkcs15Card({ atr: pkcs15Atr(), mf: { kind: 'df', fid: 0x3f00, name: null, children: [] }, pins: [] });
    expect(await PKCS15_PROFILE.open(new CardTransport(empty), {})).toBeNull();
    expect(await PKCS15_PROFILE.open(new CardTransport(PivCard.create()), {})).toBeNull();
  });

  it('is chosen after PIV declines (detection by SELECT in registry order)', async () => {
    const session = await openTokenSession(new CardTransport(pkcs15CardFrom(layout)), [PIV_PROFILE, PKCS15_PROFILE]);
    expect(session.profileId).toBe('pkcs15');
  });
});

describe('PKCS#15 PIN on the AODF reference', () => {
  it('reads tries without spending one; a wrong PIN costs one try and says how many are left', async () => {
    const { session, transport, card } = await open();
    expect(await session.pinStatus()).toEqual({
      pin: { attemptsRemaining: 3, totalAttempts: null, blocked: false, isDefault: null },
      unblockCode: null, // no unblock code in this profile: its capabilities say so
    });
    expect(card.pins.get(0x81)!.triesLeft).toBe(3);
    const wrong = await session.verifyPin('9999').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(WrongPinError);
    expect((wrong as WrongPinError).attemptsRemaining).toBe(2);
    expect((await session.pinStatus()).pin.attemptsRemaining).toBe(2);
    expect(transport.count(VERIFY, true)).toBe(1);
  });

  it('verifies the right PIN (padded to storedLength with padChar, as the AODF says) and resets the counter', async () => {
    const { session, transport, card } = await open();
    await session.verifyPin('0000').catch(() => undefined);
    await session.verifyPin('123456');
    expect(card.pins.get(0x81)!.triesLeft).toBe(3);
    const sent = transport.sent.filter((c) => c[1] === VERIFY && c.length > 5).at(-1)!;
    expect(Buffer.from(sent).toString('hex')).toBe('00200081' + '08' + '313233343536ffff');
  });

  it('a blocked PIN is PinBlockedError and the status says blocked', async () => {
    const { session, card } = await open();
    card.pins.get(0x81)!.setTries(0);
    await expect(session.verifyPin('123456')).rejects.toBeInstanceOf(PinBlockedError);
    expect((await session.pinStatus()).pin).toMatchObject({ attemptsRemaining: 0, blocked: true });
  });

  it('changes the PIN with CHANGE REFERENCE DATA; the new one verifies, the old one no longer does', async () => {
    const { session } = await open();
    await session.changePin('123456', '24680');
    await session.verifyPin('24680');
    await expect(session.verifyPin('123456')).rejects.toBeInstanceOf(WrongPinError);
  });

  it('refuses a PIN outside the AODF lengths before sending it (no try spent)', async () => {
    const { session, transport } = await open();
    await expect(session.verifyPin('123')).rejects.toMatchObject({ name: 'Pkcs15PinFormatError', reason: 'too-short', minLength: 4, maxLength: 8 });
    await expect(session.verifyPin('123456789')).rejects.toBeInstanceOf(Pkcs15PinFormatError);
    await expect(session.changePin('123456', '12')).rejects.toBeInstanceOf(Pkcs15PinFormatError);
    expect(transport.count(VERIFY, true) + transport.count(0x24)).toBe(0);
  });

  it('regression: an empty PIN is refused before sending even when the AODF allows minLength 0 (padded it spends a try; unpadded it is an empty VERIFY, a state query that answers 9000 once verified)', async () => {
    const lenient = pkcs15CardFrom({ ...layout, pin: { ...layout.pin, minLength: 0 } });
    const { session, transport } = await open(lenient);
    await session.verifyPin('123456');
    const before = transport.sent.length;
    await expect(session.verifyPin('')).rejects.toMatchObject({ name: 'Pkcs15PinFormatError', reason: 'too-short', minLength: 1 });
    await expect(session.changePin('', '123456')).rejects.toBeInstanceOf(Pkcs15PinFormatError);
    expect(transport.sent.length).toBe(before);
  });

  it("keeps the PIN out of the traffic log under the profile's own policy, and nothing else", async () => {
    const log = new TrafficLog({ redaction: PKCS15_REDACTION_POLICY });
    const { session } = await open(pkcs15CardFrom(layout), log);
    await session.verifyPin('123456');
    await session.changePin('123456', '654321');
    const text = log.lines().join('\n');
    expect(text).toContain('> 00200081');
    // The policy hides only PIN data: the SELECT of the AID stays readable for the helpdesk.
    expect(text.toLowerCase()).toContain('a000000063504b43532d3135');
    expect(text).not.toContain('313233343536');
    expect(text).not.toContain('363534333231');
  });
});

describe('what the read-only profile does not offer', () => {
  it('refuses key generation, signing, PUK and admin operations with NotSupportedError, sending nothing', async () => {
    const { session, transport } = await open();
    const before = transport.sent.length;
    const admin = new Uint8Array(24);
    const attempts: Array<Promise<unknown>> = [
      session.generateKey(1, 'ECC-P256', admin),
      session.writeCertificate(1, new Uint8Array(1), admin),
      session.changeUnblockCode('12345678', '87654321'),
      session.unblockPin('12345678', '123456'),
      session.signWithPin(1, new Uint8Array(32), '123456'),
      session.createCsrWithPin({ keyRef: 1, algorithm: 'ECC-P256' }, '123456'),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(NotSupportedError);
    expect(transport.sent.length).toBe(before);
  });
});
