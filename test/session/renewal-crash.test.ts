/**
 * The renewal state machine over the demo token's PIV card and the reference CA (issue 10 §2, §6 "Faults"):
 * a clean run installs the new key and certificate in 9A with MOVE KEY; a crash at any APDU, journal write or CA
 * exchange — before or after it took effect — resumes to exactly one final state, and the token always has a
 * working key with its certificate in 9A.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/pki/parse-certificate';
import { FACTORY_DEFAULTS, Slot } from '../../src/piv/constants';
import { runRenewal, type RenewalJournal } from '../../src/renewal';
import { keyMatchesCertificate } from '../../src/renewal/token-steps';
import { CrashSwitch, demoCardCopy, openTokenSession, renewalWorld, SimulatedCrash, type RenewalWorld } from '../unit/renewal/support/virtual-renewal';

const NEW_SLOT = 0x83; // the demo card has a certificate in 82 (Key History: 1)

async function mainSlotWorks(world: RenewalWorld, journal: RenewalJournal): Promise<Uint8Array> {
  const ctx = await world.context(new CrashSwitch(null, false));
  const der = (await ctx.token.readCertificate(journal.activeSlot ?? Slot.AUTHENTICATION))!;
  expect(der).not.toBeNull();
  expect(await keyMatchesCertificate(ctx, journal, journal.activeSlot ?? Slot.AUTHENTICATION, der)).toBe(true);
  return der;
}

describe('renewal state machine on the virtual demo token', () => {
  let world: RenewalWorld;
  beforeAll(async () => {
    world = await renewalWorld();
  });
  afterAll(() => world.close());

  it('renews 9A: new key generated in 83 while the old key still signs, certificate installed in 9A by MOVE KEY', async () => {
    const planned = await world.plan();
    expect(planned.newSlot).toBe(NEW_SLOT);
    const oldDer = planned.oldCertificate;
    const ctx = await world.context(new CrashSwitch(null, false));
    const result = await runRenewal(ctx, planned);
    expect(result.kind).toBe('final');
    const done = result.journal;
    expect(done.step).toBe('done');
    expect(done.activeSlot).toBeUndefined();
    const installed = await mainSlotWorks(world, done);
    expect(installed).toEqual(done.newCertificate);
    expect(parseCertificate(installed).serialNumber).not.toBe(parseCertificate(oldDer).serialNumber);
    expect(parseCertificate(installed).subject).toEqual(parseCertificate(oldDer).subject);
    expect(await ctx.token.readCertificate(NEW_SLOT)).toBeNull();
    expect(await ctx.token.moveKey(NEW_SLOT, null)).toBe('source-empty');
    // The CA holds exactly one certificate for the transaction, confirmed.
    expect((await world.repository.listCertificates()).length).toBe(1);
  });
});

describe('crash anywhere, resume: exactly one consistent end (≥ 1,000 runs)', () => {
  let template: Awaited<ReturnType<typeof demoCardCopy>>;
  let operations = 0;
  beforeAll(async () => {
    template = await demoCardCopy();
    const world = await renewalWorld(await cardCopy());
    const crash = new CrashSwitch(null, false);
    await runRenewal(await world.context(crash), await world.plan());
    operations = crash.count;
    await world.close();
  });

  async function cardCopy() {
    const { PivCard } = await import('../../src/virtual-token/piv-card');
    return PivCard.fromJSON(template.toJSON());
  }

  it('every crash point, before or after its effect', { timeout: 1_800_000 }, async () => {
    expect(operations).toBeGreaterThan(50);
    const world = await renewalWorld(await cardCopy());
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: operations }), fc.boolean(), fc.integer({ min: 0, max: 3 }), async (at, after, secondCrash) => {
        // Each run renews the certificate the previous run installed: the card carries on.
        let journal = await world.plan();
        const before = journal.oldCertificate;
        const crashes = [new CrashSwitch(at, after), new CrashSwitch(secondCrash === 0 ? null : at + secondCrash * 7, !after)];
        for (const crash of crashes) {
          try {
            const result = await runRenewal(await world.context(crash), journal);
            journal = result.journal;
          } catch (error) {
            if (!(error instanceof SimulatedCrash)) throw error;
            // Even mid-flow the token has a working key and certificate in 9A.
            await mainSlotWorks(world, journal);
          }
          journal = (await world.store.get(journal.id))!;
        }
        const final = await runRenewal(await world.context(new CrashSwitch(null, false)), journal);
        expect(final.kind).toBe('final');
        expect(final.journal.step).toBe('done');
        const installed = await mainSlotWorks(world, final.journal);
        expect(installed).toEqual(final.journal.newCertificate);
        expect(installed).not.toEqual(before);
        const session = await openTokenSession(world.card, new CrashSwitch(null, false));
        expect(await session.readCertificate(NEW_SLOT)).toBeNull();
        const unfinished = (await world.store.listByToken('demo')).filter((j) => j.step !== 'done' && j.step !== 'failed');
        expect(unfinished).toEqual([]);
      }),
      { numRuns: 1000 },
    );
    // One certificate per renewal at the CA, however many times a request was re-sent.
    const issued = await world.repository.listCertificates();
    const transactions = await world.repository.listTransactions();
    expect(issued.length).toBe(transactions.length);
    await world.close();
  });
});

describe('PIN', () => {
  it('a wrong PIN stops the run at once and leaves the journal where it was (never retried)', async () => {
    const other = await renewalWorld();
    let journal = await other.plan();
    const wrong = await runRenewal(await other.context(new CrashSwitch(null, false), '000000'), journal).catch((e: unknown) => e);
    expect((wrong as Error).name).toBe('WrongPinError');
    journal = (await other.store.get(journal.id))!;
    expect(journal.step).toBe('key-generated');
    const done = await runRenewal(await other.context(new CrashSwitch(null, false), FACTORY_DEFAULTS.PIN), journal);
    expect(done.journal.step).toBe('done');
    await other.close();
  });
});
