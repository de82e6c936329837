import { describe, expect, it } from 'vitest';
import { PivSession } from '../../src/cards/piv/session';
import { CcidTransport } from '../../src/usb-driver/ccid-transport';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { DEFAULT_MGM_KEY, openStack, selfSigned } from './stack';

/**
 * Issue 2 §6: every certificate + PIN tries left on a token with 4 certificates, counted at the card.
 * Derivation: SELECT (1) + Key History GET DATA (1, absent → no retired slot reads) + GET DATA of 9A, 9C, 9D,
 * 9E (4, each certificate fits one extended response) + GET VERSION (1, capability probe) + GET METADATA 80
 * (1) = 8.
 */
const EXPECTED_APDUS = 8;

describe('APDU count for listing every certificate and the PIN tries', () => {
  it(`is exactly ${EXPECTED_APDUS} on a 4-certificate token, and spends no PIN try`, async () => {
    const { session, card, device, usb, transport } = await openStack();
    await session.authenticate(DEFAULT_MGM_KEY);
    for (const slot of [0x9a, 0x9c, 0x9d, 0x9e]) await session.putCertificate(slot, await selfSigned(`c${slot}`));
    await transport.close();

    card.resetApduCount();
    const fresh = await PivSession.open(await CcidTransport.open(device, { usb }));
    const certificates = await fresh.listCertificates();
    const pin = await fresh.getPinStatus();
    expect(certificates.map((c) => c.slot)).toEqual([0x9a, 0x9c, 0x9d, 0x9e]);
    expect(pin.attemptsRemaining).toBe(3);
    expect(card.apduCount).toBe(EXPECTED_APDUS);
    expect(card.toJSON().pinRetriesLeft).toBe(3);
  });

  it('is exactly 9 on the demo token (9A, 9C, 9D and retired 82 named by its Key History)', async () => {
    // SELECT + GET VERSION + Key History + 9A, 9C, 9D, 9E (absent: 6A82, still one APDU) + 82 + GET METADATA 80.
    const { card } = await provisionDemoTokenWithCa();
    const { session } = await openStack(card);
    card.resetApduCount();
    const again = await PivSession.open(session.transport);
    expect((await again.listCertificates()).map((c) => c.slot)).toEqual([0x9a, 0x9c, 0x9d, 0x82]);
    expect((await again.getPinStatus()).attemptsRemaining).toBe(3);
    expect(card.apduCount).toBe(9);
  });

  it('a certificate written to a retired slot is found through the Key History (one more read)', async () => {
    const { session, card } = await openStack();
    await session.authenticate(DEFAULT_MGM_KEY);
    await session.putCertificate(0x9a, await selfSigned('auth'));
    await session.putCertificate(0x82, await selfSigned('renewed'));
    expect((await session.readKeyHistory())?.keysWithOnCardCerts).toBe(1);
    card.resetApduCount();
    expect((await session.listCertificates()).map((c) => c.slot)).toEqual([0x9a, 0x82]);
    // Key History + 9A..9E + 82.
    expect(card.apduCount).toBe(6);
  });
});
