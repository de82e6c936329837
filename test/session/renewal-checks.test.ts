/**
 * The renewal's refusals on the virtual demo token with the reference CA (issue 10 §2): another key plugged in
 * mid-flow is refused before anything is sent to it; a new key that does not sign for the issued certificate
 * ends in certConf(reject) — the CA revokes it — with the retired slot cleared and the old key untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/apdu/hex';
import { Slot } from '../../src/piv/constants';
import { runRenewal, RenewalTokenMismatchError } from '../../src/renewal';
import { keyMatchesCertificate } from '../../src/renewal/token-steps';
import { CrashSwitch, inProcessCa, openTokenSession, renewalWorld, type InProcessCa } from '../unit/renewal/support/virtual-renewal';

let ca: InProcessCa;
beforeAll(async () => {
  ca = await inProcessCa();
});
afterAll(() => ca.close());

describe('renewal refusals', () => {
  it('another key plugged in mid-flow is refused; the right key resumes', async () => {
    const world = await renewalWorld(undefined, ca);
    let journal = await world.plan();
    // Step once on the right key (new key generated), then "another key" answers with another serial.
    const crash = new CrashSwitch(8, false);
    await runRenewal(await world.context(crash), journal).catch(() => undefined);
    journal = (await world.store.get(journal.id))!;
    const ctx = await world.context(new CrashSwitch(null, false));
    const other = { ...ctx, token: { ...ctx.token, serial: async () => '99999999' } };
    let apdusAfter = 0;
    const counting = { ...other, token: { ...other.token, generateKey: async () => (apdusAfter++, new Uint8Array()), signWithPin: async () => (apdusAfter++, new Uint8Array()) } };
    const error = await runRenewal(counting, journal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenewalTokenMismatchError);
    expect(error).toMatchObject({ expectedSerial: journal.tokenSerial, foundSerial: '99999999' });
    expect(apdusAfter).toBe(0);
    expect((await world.store.get(journal.id))!.step).toBe(journal.step);
    const done = await runRenewal(ctx, journal);
    expect(done.journal.step).toBe('done');
  });

  it('a failed test signature → certConf(reject), CA revokes, slot cleared, old key and certificate untouched', async () => {
    const world = await renewalWorld(undefined, ca);
    const planned = await world.plan();
    const ctx = await world.context(new CrashSwitch(null, false));
    let newKeySignatures = 0;
    const broken = {
      ...ctx,
      token: {
        ...ctx.token,
        // The new key signs the POPO, then the test signature: answer that one with the old key.
        signWithPin: async (slot: number, data: Uint8Array, pin: string) =>
          slot === planned.newSlot && ++newKeySignatures === 2 ? ctx.token.signWithPin(Slot.AUTHENTICATION, data, pin) : ctx.token.signWithPin(slot, data, pin),
      },
    };
    const result = await runRenewal(broken, planned);
    expect(result.journal.step).toBe('failed');
    expect(result.journal.failure?.code).toBe('test-signature');
    const session = await openTokenSession(world.card, new CrashSwitch(null, false));
    expect(await session.readCertificate(planned.newSlot)).toBeNull();
    expect(await ctx.token.moveKey(planned.newSlot, null)).toBe('source-empty');
    const main = (await session.readCertificate(Slot.AUTHENTICATION))!;
    expect(main).toEqual(planned.oldCertificate);
    expect(await keyMatchesCertificate(ctx, planned, Slot.AUTHENTICATION, main)).toBe(true);
    const record = await ca.repository.findCertificateOfTransaction(toHex(result.journal.transaction!.transactionId).toLowerCase());
    expect(record?.status).toBe('revoked');
  });
});
