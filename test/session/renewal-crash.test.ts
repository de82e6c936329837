/**
 * The renewal state machine over the virtual PIV card of every card kind (issue 15 §1) and the reference CA
 * (issue 10 §2, §6 "Faults"): a clean run installs the new key and certificate in 9A with MOVE KEY where the card
 * has it, else leaves them in the allocated retired slot the journal names; a crash at any APDU, journal write
 * or CA exchange — before or after it took effect — resumes to exactly one final state, and the token always
 * has a working key with its certificate in a slot the journal names.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { FACTORY_DEFAULTS, Slot } from '../../src/cards/piv/constants';
import { runRenewal, workingKeyRefs, type RenewalJournal } from '../../src/flows/renewal';
import { keyMatchesCertificate } from '../../src/flows/renewal/token-steps';
import { toHex } from '../../src/apdu/hex';
import { cardKind, type CardKindId } from '../../src/virtual/virtual-token/card-kinds';
import { CrashSwitch, demoCardCopy, inProcessCa, KIND_IDS, openTokenSession, renewalWorld, SimulatedCrash, type InProcessCa, type RenewalWorld } from '../unit/renewal/support/virtual-renewal';

const NEW_SLOT = 0x83; // the demo card has a certificate in 82 (Key History: 1)
const canMove = (kind: CardKindId): boolean => cardKind(kind).vendorInstructions.has(0xf6);

/** One of the slots the journal names as working has a key that signs for its certificate. */
async function tokenWorks(world: RenewalWorld, journal: RenewalJournal): Promise<Uint8Array> {
  const ctx = await world.context(new CrashSwitch(null, false));
  for (const slot of workingKeyRefs(journal)) {
    const der = await ctx.token.readCertificate(slot);
    const works = der !== null && (await keyMatchesCertificate(ctx, journal, slot, der).catch(() => false));
    if (works) return der;
  }
  throw new Error(`no working key and certificate in ${workingKeyRefs(journal).map((s) => s.toString(16)).join(', ')} at ${journal.step}`);
}

describe('renewal state machine on the virtual demo token', () => {
  let world: RenewalWorld;
  beforeAll(async () => {
    world = await renewalWorld();
  });
  afterAll(() => world.close());

  it('renews 9A: new key generated in 83 while the old key still signs, certificate installed in 9A by MOVE KEY', async () => {
    const planned = await world.plan();
    expect(planned.newKeyRef).toBe(NEW_SLOT);
    const oldDer = planned.oldCertificate;
    const ctx = await world.context(new CrashSwitch(null, false));
    const result = await runRenewal(ctx, planned);
    expect(result.kind).toBe('final');
    const done = result.journal;
    expect(done.step).toBe('done');
    expect(done.activeKeyRef).toBeUndefined();
    const installed = await tokenWorks(world, done);
    expect(installed).toEqual(done.newCertificate);
    expect(parseCertificate(installed).serialNumber).not.toBe(parseCertificate(oldDer).serialNumber);
    expect(parseCertificate(installed).subject).toEqual(parseCertificate(oldDer).subject);
    expect(await ctx.token.readCertificate(NEW_SLOT)).toBeNull();
    expect(await ctx.token.relocateKey(NEW_SLOT, null)).toBe('source-empty');
    // The CA holds exactly one certificate for the transaction, confirmed.
    expect((await world.repository.listCertificates()).length).toBe(1);
  });
});

describe('crash anywhere, resume: exactly one consistent end (≥ 1,000 runs over every card kind)', () => {
  const operations = new Map<CardKindId, number>();
  let ca: InProcessCa;
  beforeAll(async () => {
    ca = await inProcessCa();
    for (const kind of KIND_IDS) {
      const world = await renewalWorld(await demoCardCopy(kind), ca);
      const crash = new CrashSwitch(null, false);
      await runRenewal(await world.context(crash), await world.plan());
      operations.set(kind, crash.count);
    }
  });
  afterAll(() => ca.close());

  it('every crash point, before or after its effect, and a second crash while resuming', { timeout: 1_800_000 }, async () => {
    for (const count of operations.values()) expect(count).toBeGreaterThan(20);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KIND_IDS), fc.integer({ min: 0, max: 10_000 }), fc.boolean(), fc.integer({ min: 0, max: 3 }), async (kind, point, after, secondCrash) => {
        const at = point % (operations.get(kind)! + 1);
        const world = await renewalWorld(await demoCardCopy(kind), ca);
        let journal = await world.plan();
        const before = journal.oldCertificate;
        const crashes = [new CrashSwitch(at, after), new CrashSwitch(secondCrash === 0 ? null : at + secondCrash * 7, !after)];
        for (const crash of crashes) {
          try {
            journal = (await runRenewal(await world.context(crash), journal)).journal;
          } catch (error) {
            if (!(error instanceof SimulatedCrash)) throw error;
          }
          journal = (await world.store.get(journal.id))!;
          // Even mid-flow the token has a working key and certificate, in the slot the journal names.
          await tokenWorks(world, journal);
        }
        const final = await runRenewal(await world.context(new CrashSwitch(null, false)), journal);
        expect(final.kind).toBe('final');
        expect(final.journal.step).toBe('done');
        const installed = await tokenWorks(world, final.journal);
        expect(workingKeyRefs(final.journal)).toEqual([canMove(kind) ? Slot.AUTHENTICATION : final.journal.newKeyRef]);
        expect(installed).toEqual(final.journal.newCertificate);
        expect(installed).not.toEqual(before);
        const session = await openTokenSession(world.card, new CrashSwitch(null, false));
        if (canMove(kind)) expect(await session.readCertificate(final.journal.newKeyRef)).toBeNull();
        const journals = await world.store.listByToken('demo');
        expect(journals.map((j) => j.step)).toEqual(['done']);
        // At the CA: one certificate for this transaction, however often a request was re-sent.
        const tx = await ca.repository.findCertificateOfTransaction(toHex(final.journal.transaction!.transactionId).toLowerCase());
        expect(tx?.der).toEqual(final.journal.newCertificate);
      }),
      { numRuns: 1000 },
    );
    const issued = await ca.repository.listCertificates();
    expect(issued.length).toBe((await ca.repository.listTransactions()).length);
  });
});

describe('PIN', () => {
  it.each(KIND_IDS)('%s: a wrong PIN stops the run at once and leaves the journal where it was (never retried)', async (kind) => {
    const other = await renewalWorld(await demoCardCopy(kind));
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
