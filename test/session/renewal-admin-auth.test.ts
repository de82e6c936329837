/**
 * The renewal's administrator commands authenticate the management key once per card session (the bench's
 * biggest waste: 3 APDUs before each of five commands), and recover when the card lost that status: the
 * command is sent once more after authenticating again. A PIN command is never repeated.
 */
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/apdu/hex';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import type { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { CrashSwitch, demoCardCopy, openTokenSession } from '../unit/renewal/support/virtual-renewal';

/** Counts GENERAL AUTHENTICATE to the management key (9B) and every other command by INS. */
function counted(card: PivCard): { adminAuths: () => number; ins: number[] } {
  const ins: number[] = [];
  const transmit = card.transmit.bind(card);
  card.transmit = (apdu: Uint8Array) => (ins.push(apdu[1]!, apdu[3]!), transmit(apdu));
  return { ins, adminAuths: () => ins.filter((v, i) => i % 2 === 0 && v === 0x87 && ins[i + 1] === 0x9b).length };
}

describe('management key authenticated once per session', () => {
  it('three administrator commands with one key: one mutual authentication (two GENERAL AUTHENTICATE)', async () => {
    const card = await demoCardCopy('yubikey-5.4');
    const session = await openTokenSession(card, new CrashSwitch(null, false));
    const seen = counted(card);
    const key = fromHex(FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX);
    await session.generateKey(0x83, 'ECC-P256', key);
    const der = (await session.readCertificate(0x9a))!;
    await session.writeCertificate(0x83, der, key);
    await session.deleteCertificate(0x83, key);
    expect(seen.adminAuths()).toBe(2);
    // A new run brings a new key array (the old one was wiped): it authenticates again.
    await session.generateKey(0x84, 'ECC-P256', fromHex(FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX));
    expect(seen.adminAuths()).toBe(4);
  });

  it('the card lost the status (reset by another program): the command is sent again after one re-authentication', async () => {
    const card = await demoCardCopy('sp800-73-4');
    const session = await openTokenSession(card, new CrashSwitch(null, false));
    const key = fromHex(FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX);
    await session.generateKey(0x82, 'ECC-P256', key);
    // A reset clears the volatile security status (SP 800-73-4 Part 2 §2.4); PIV stays selected by a new SELECT.
    await card.powerOff();
    await card.powerOn();
    await card.transmit(Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x05, 0xa0, 0x00, 0x00, 0x03, 0x08));
    const seen = counted(card);
    const der = (await session.readCertificate(0x9a))!;
    await session.writeCertificate(0x82, der, key);
    expect(await session.readCertificate(0x82)).toEqual(der);
    expect(seen.adminAuths()).toBe(2);
    // PUT DATA (refused 6982), GENERAL AUTHENTICATE ×2, PUT DATA again: the refused write was repeated once.
    expect(seen.ins.filter((v, i) => i % 2 === 0 && v === 0xdb).length).toBeGreaterThanOrEqual(2);
  });
});
