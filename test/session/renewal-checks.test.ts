/**
 * The renewal's refusals on the virtual token with the reference CA (issue 10 §2), on every card kind (issue 15
 * §1): another key plugged in mid-flow is refused before anything is sent to it; a new key that does not sign
 * for the issued certificate ends in certConf(reject) — the CA revokes it — with the retired slot's certificate
 * cleared (and its key, where the card can delete one) and the old key untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/apdu/hex';
import { Slot } from '../../src/cards/piv/constants';
import type { KeyAlgorithmName } from '../../src/cards/seam/token-session';
import { runRenewal, RenewalTokenMismatchError, type RenewalContext, type RenewalStep } from '../../src/flows/renewal';
import { keyMatchesCertificate } from '../../src/flows/renewal/token-steps';
import { cardKind } from '../../src/virtual/virtual-token/card-kinds';
import { CrashSwitch, demoCardCopy, inProcessCa, KIND_IDS, openTokenSession, renewalWorld, type InProcessCa, type RenewalWorld } from '../unit/renewal/support/virtual-renewal';

let ca: InProcessCa;
beforeAll(async () => {
  ca = await inProcessCa();
});
afterAll(() => ca.close());

describe.each(KIND_IDS)('on a %s', (kind) => {
const canMove = cardKind(kind).vendorInstructions.has(0xf6);

describe('renewal refusals', () => {
  it('another key plugged in mid-flow is refused; the right key resumes', async () => {
    const world = await renewalWorld(await demoCardCopy(kind), ca);
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
    const world = await renewalWorld(await demoCardCopy(kind), ca);
    const planned = await world.plan();
    const ctx = await world.context(new CrashSwitch(null, false));
    let newKeySignatures = 0;
    const broken = {
      ...ctx,
      token: {
        ...ctx.token,
        // The new key signs the POPO, then the test signature: answer that one with the old key.
        signWithPin: async (slot: number, data: Uint8Array, pin: string, algorithm: KeyAlgorithmName) =>
          slot === planned.newKeyRef && ++newKeySignatures === 2 ? ctx.token.signWithPin(Slot.AUTHENTICATION, data, pin, algorithm) : ctx.token.signWithPin(slot, data, pin, algorithm),
      },
    };
    const result = await runRenewal(broken, planned);
    expect(result.journal.step).toBe('failed');
    expect(result.journal.failure?.code).toBe('test-signature');
    const session = await openTokenSession(world.card, new CrashSwitch(null, false));
    expect(await session.readCertificate(planned.newKeyRef)).toBeNull();
    // MOVE KEY with no destination deleted the key where the card has it; elsewhere the unused key stays.
    expect(await ctx.token.relocateKey(planned.newKeyRef, null)).toBe(canMove ? 'source-empty' : 'unsupported');
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
    const world = await renewalWorld(await demoCardCopy(kind), ca);
    const planned = await world.plan();
    const ctx = await world.context(new CrashSwitch(null, false));
    // Stop right after the key is generated, then delete it.
    const stopped = await runRenewal(stopAt(ctx, world, 'key-generated'), planned).catch(() => null);
    expect(stopped).toBeNull();
    expect(world.card.eraseKey(planned.newKeyRef)).toBe(true);
    const first = (await world.store.get(planned.id))!;
    const renewed = await runRenewal(ctx, first);
    expect(renewed.journal.step).toBe('done');
    expect(renewed.journal.keyGenerations).toBe(2);

    const second = await world.plan();
    const halt = await runRenewal(stopAt(ctx, world, 'answered'), second).catch(() => null);
    expect(halt).toBeNull();
    expect(world.card.eraseKey(second.newKeyRef)).toBe(true);
    const failed = await runRenewal(ctx, (await world.store.get(second.id))!);
    expect(failed.journal.step).toBe('failed');
    expect(failed.journal.failure?.code).toBe('test-signature');
    const session = await openTokenSession(world.card, new CrashSwitch(null, false));
    const main = (await session.readCertificate(second.mainKeyRef))!;
    expect(main).toEqual(second.oldCertificate);
    expect(await keyMatchesCertificate(ctx, second, second.mainKeyRef, main)).toBe(true);
    expect(await session.readCertificate(second.newKeyRef)).toBeNull();
  });

  it('a key that vanishes again is not made a third time: failed (new-key-missing), two GENERATEs in all', async () => {
    const world = await renewalWorld(await demoCardCopy(kind), ca);
    const planned = await world.plan();
    const ctx = await world.context(new CrashSwitch(null, false));
    let generations = 0;
    const counting = { ...ctx, token: { ...ctx.token, generateKey: (slot: number, algorithm: KeyAlgorithmName) => (generations++, ctx.token.generateKey(slot, algorithm)) } };
    for (let round = 0; round < 2; round++) {
      const journal = (await world.store.get(planned.id))!;
      expect(await runRenewal(stopAt(counting, world, 'key-generated'), journal).catch(() => null)).toBeNull();
      expect(world.card.eraseKey(planned.newKeyRef)).toBe(true);
    }
    const result = await runRenewal(counting, (await world.store.get(planned.id))!);
    expect(result.journal.step).toBe('failed');
    expect(result.journal.failure?.code).toBe('new-key-missing');
    expect(generations).toBe(2);
  });
});
});
