/**
 * Review defect A (issue 15 §4): the renewal's per-step card guard (flows/renewal/state-machine.ts) compares the
 * journal's card with the card in the reader now. The token port must read that identity from the card at each
 * step, not hand back the serial read when the token was first opened: after a handover another card of the same
 * model can sit behind the same token id, and a renewal must never generate or write on it.
 */
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { renewalTokenPort } from '../../../src/worker/renewal-token-port';
import { CrashSwitch, demoCardCopy, openTokenSession } from './support/virtual-renewal';

describe('renewal token port identity', () => {
  it('serial() is the card in the reader now, not the one read at open', async () => {
    const cardA = await demoCardCopy();
    const sessionA = await openTokenSession(cardA, new CrashSwitch(null, false));
    const serialA = (await sessionA.readFacts()).serialNumber ?? '';
    const cardB = PivCard.create({ serial: 0x0badbeef });
    const sessionB = await openTokenSession(cardB, new CrashSwitch(null, false));
    // The token id still maps to the facts read from A; the session underneath now reaches B.
    const port = renewalTokenPort({ current: () => Promise.resolve({ session: sessionB, serial: serialA }) }, new Uint8Array(24));
    expect(serialA).not.toBe('');
    expect(await port.serial()).toBe(String(0x0badbeef));
    const same = renewalTokenPort({ current: () => Promise.resolve({ session: sessionA, serial: serialA }) }, new Uint8Array(24));
    expect(await same.serial()).toBe(serialA);
  });
});
