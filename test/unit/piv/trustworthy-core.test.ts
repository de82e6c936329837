/**
 * Regression tests for issue 7 ("Trustworthy core"), PIV side: each test is named after the defect it guards
 * and failed on the code before the fix.
 */
import { describe, expect, it } from 'vitest';
import { PivSession } from '../../../src/cards/piv/session';
import { ScriptedTransport, SELECT_OK, VERSION_543 } from './scripted-transport';

describe('GET VERSION: any non-9000 answer means "no extensions", never a failed open', () => {
  it.each([
    ['6985', 'conditions not satisfied'],
    ['6F00', 'vendor "no precise diagnosis"'],
    ['6A86', 'incorrect P1/P2'],
    ['01029000', 'a 9000 with two bytes instead of three'],
  ])('a card answering GET VERSION with %s (%s) still opens, without extensions', async (answer) => {
    const t = new ScriptedTransport([SELECT_OK, ['00FD000000', answer]]);
    const session = await PivSession.open(t);
    expect(await session.capabilities()).toEqual({ version: null, serial: false, metadata: false });
    expect(await session.getVersionText()).toBeNull();
    expect(t.done).toBe(true);
  });
});

describe('empty VERIFY answered 6300 is not "blocked"', () => {
  it('reads the counter as unknown, not 0 tries left', async () => {
    const t = new ScriptedTransport([SELECT_OK, ['00FD000000', '6D00'], ['00200080', '6300']]);
    const session = await PivSession.open(t);
    const status = await session.getPinStatus();
    expect(status).toEqual({ attemptsRemaining: null, totalAttempts: null, blocked: false, isDefault: null });
  });

  it('still reads 63C0 as blocked and the 630X quirk of a PIN command as X tries', async () => {
    const blocked = await PivSession.open(new ScriptedTransport([SELECT_OK, ['00FD000000', '6D00'], ['00200080', '63C0']]));
    expect((await blocked.getPinStatus()).blocked).toBe(true);
    const quirk = await PivSession.open(new ScriptedTransport([SELECT_OK, ['00FD000000', '6D00'], ['00200080', '6303']]));
    expect(await quirk.getPinStatus()).toMatchObject({ attemptsRemaining: 3, blocked: false });
  });
});

describe('VERIFY is the last command before the key operation it authorises', () => {
  it('signWithPin reads the slot algorithm first, then sends VERIFY immediately followed by GENERAL AUTHENTICATE', async () => {
    const t = new ScriptedTransport([
      SELECT_OK,
      VERSION_543,
      // GET METADATA 9C: ECC P-256 (algorithm 11)
      ['00F7009C00', '0101119000'],
      ['*', '9000'], // VERIFY (PIN bytes withheld from the script)
      ['*', '7C4482420000' + '00'.repeat(0x40) + '9000'.slice(0, 0)],
    ]);
    const session = await PivSession.open(t);
    await session.signWithPin(0x9c, new Uint8Array(32), '123456').catch(() => undefined);
    const ins = t.sent.map((hex) => hex.slice(2, 4));
    expect(ins).toEqual(['A4', 'FD', 'F7', '20', '87']);
  });
});
