/**
 * The renewal's refusals on the virtual demo token with the reference CA (issue 10 §2): another key plugged in
 * mid-flow is refused before anything is sent to it; a new key that does not sign for the issued certificate
 * ends in certConf(reject) — the CA revokes it — with the retired slot cleared and the old key untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/apdu/hex';
import { Slot } from '../../src/cards/piv/constants';
import { runRenewal, RenewalTokenMismatchError, type RenewalContext, type RenewalStep } from '../../src/flows/renewal';
import { keyMatchesCertificate } from '../../src/flows/renewal/token-steps';
import { CrashSwitch, inProcessCa, openTokenSession, renewalWorld, type InProcessCa, type RenewalWorld } from '../unit/renewal/support/virtual-renewal';

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

/** A context whose journal write of `step` is the last thing that happens (then the run stops). */
function stopAt(ctx: RenewalContext, world: RenewalWorld, step: RenewalStep): RenewalContext {
  return {
    ...ctx,
    store: {
      save: async (j) => {
        await world.store.save(j);
        if (j.step === step) throw new Error('stop');
      },
      get: (id) => world.store.get(id),
      listByToken: (id) => world.store.listByToken(id),
    },
  };
}

describe('the new key vanishes (card reset, or a fresh card with the same serial)', () => {
  it('before the request is sent: the key is made again; after the answer: certConf(reject), failed, old key untouched', async () => {
    const world = await renewalWorld(undefined, ca);
    const planned = await world.plan();
    const ctx = await world.context(new CrashSwitch(null, false));
    // Stop right after the key is generated, then delete it.
    const stopped = await runRenewal(stopAt(ctx, world, 'key-generated'), planned).catch(() => null);
    expect(stopped).toBeNull();
    expect(await ctx.token.moveKey(planned.newSlot, null)).toBe('moved');
    const first = (await world.store.get(planned.id))!;
    const renewed = await runRenewal(ctx, first);
    expect(renewed.journal.step).toBe('done');

    const second = await world.plan();
    const halt = await runRenewal(stopAt(ctx, world, 'answered'), second).catch(() => null);
    expect(halt).toBeNull();
    expect(await ctx.token.moveKey(second.newSlot, null)).toBe('moved');
    const failed = await runRenewal(ctx, (await world.store.get(second.id))!);
    expect(failed.journal.step).toBe('failed');
    expect(failed.journal.failure?.code).toBe('test-signature');
    const session = await openTokenSession(world.card, new CrashSwitch(null, false));
    const main = (await session.readCertificate(Slot.AUTHENTICATION))!;
    expect(main).toEqual(second.oldCertificate);
    expect(await keyMatchesCertificate(ctx, second, Slot.AUTHENTICATION, main)).toBe(true);
    expect(await session.readCertificate(second.newSlot)).toBeNull();
  });
});
