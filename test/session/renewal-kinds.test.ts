/**
 * Renewal that finishes on every card kind (issue 15 §2), each defect of the review's §1 as a test on the kinds
 * matrix (card-kinds.ts), over the PIV profile and the reference CA:
 * - defect 1: without GET METADATA the proof-of-possession signature used to fail and the journal looped between
 *   planned and key-generated — now one GENERATE per clean renewal on every kind;
 * - defect 2: without MOVE KEY the renewed key stays in its retired slot — the journals' key map moves the role
 *   there, and a second renewal renews that key;
 * - defect 4: keys in retired slots whose certificates are off the card are never overwritten;
 * - defect 3: a certConf answered by a proxy's 200 text/html never clears the slot — the run waits and the next
 *   one confirms; the CA ends with one confirmed certificate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/apdu/hex';
import { Slot } from '../../src/cards/piv/constants';
import type { KeyAlgorithmName } from '../../src/cards/seam/token-session';
import { keyMapFromJournals, runRenewal, withKeyMap, type RenewalContext } from '../../src/flows/renewal';
import { keyMatchesCertificate } from '../../src/flows/renewal/token-steps';
import { cardKind, type CardKindId } from '../../src/virtual/virtual-token/card-kinds';
import { CrashSwitch, demoCardCopy, inProcessCa, KIND_IDS, openTokenSession, renewalWorld, type InProcessCa } from '../unit/renewal/support/virtual-renewal';

/** Where the allocator puts the new key: after the retired keys the kind's Key History counts. */
function expectedNewSlot(kind: CardKindId): number {
  const layout = cardKind(kind).retiredKeys;
  return 0x82 + (layout ? layout.onCard + layout.offCard : 0);
}

let ca: InProcessCa;
beforeAll(async () => {
  ca = await inProcessCa();
});
afterAll(() => ca.close());

/** Counts GENERATE calls and signatures per slot through the token port. */
function counting(ctx: RenewalContext): { ctx: RenewalContext; generations: () => number } {
  let generations = 0;
  return {
    generations: () => generations,
    ctx: {
      ...ctx,
      token: { ...ctx.token, generateKey: (slot: number, algorithm: KeyAlgorithmName) => (generations++, ctx.token.generateKey(slot, algorithm)) },
    },
  };
}

describe.each(KIND_IDS)('renewal on a %s', (kind) => {
  const canMove = cardKind(kind).vendorInstructions.has(0xf6);

  it('finishes with one GENERATE; the renewed key signs for its certificate in the slot the key map names', async () => {
    const world = await renewalWorld(await demoCardCopy(kind), ca);
    const keysBefore = world.card.toJSON().keys;
    const planned = await world.plan();
    expect(planned.newKeyRef).toBe(expectedNewSlot(kind));
    const { ctx, generations } = counting(await world.context(new CrashSwitch(null, false)));
    const result = await runRenewal(ctx, planned);
    expect(result.kind).toBe('final');
    expect(result.journal.step).toBe('done');
    expect(generations()).toBe(1);
    const active = canMove ? Slot.AUTHENTICATION : planned.newKeyRef;
    expect(result.journal.activeKeyRef).toBe(canMove ? undefined : planned.newKeyRef);
    expect(await ctx.token.readCertificate(active)).toEqual(result.journal.newCertificate);
    expect(await keyMatchesCertificate(ctx, result.journal, active, result.journal.newCertificate!)).toBe(true);
    // The key map (stored journals) gives 9A's role to the slot that holds the renewed key.
    const map = keyMapFromJournals(await world.store.listByToken('demo'));
    expect([...map]).toEqual(canMove ? [] : [[Slot.AUTHENTICATION, planned.newKeyRef]]);
    const session = await openTokenSession(world.card, new CrashSwitch(null, false));
    const listed = withKeyMap(await session.listCertificates(), map);
    const authentication = listed.filter((c) => c.role === 'authentication');
    expect(authentication.map((c) => c.keyRef)).toEqual([active]);
    expect(authentication[0]!.der).toEqual(result.journal.newCertificate);
    // Retired keys whose certificates are off the card (and every other key but the new one) are untouched.
    const keysAfter = world.card.toJSON().keys;
    for (const [slot, key] of Object.entries(keysBefore)) if (!canMove || slot !== '9a') expect(keysAfter[slot]).toEqual(key);
    await world.close();
  });

  it('a second renewal renews the key the first one left, and the role follows it', async () => {
    const world = await renewalWorld(await demoCardCopy(kind), ca);
    const ctx = await world.context(new CrashSwitch(null, false));
    const first = (await runRenewal(ctx, await world.plan())).journal;
    const second = await world.plan();
    expect(second.oldCertificate).toEqual(first.newCertificate);
    expect(second.mainKeyRef).toBe(canMove ? Slot.AUTHENTICATION : first.newKeyRef);
    if (!canMove) expect(second.newKeyRef).not.toBe(first.newKeyRef);
    const done = (await runRenewal(ctx, second)).journal;
    expect(done.step).toBe('done');
    const active = canMove ? Slot.AUTHENTICATION : second.newKeyRef;
    expect(await keyMatchesCertificate(ctx, done, active, done.newCertificate!)).toBe(true);
    const map = keyMapFromJournals(await world.store.listByToken('demo'));
    expect(map.get(Slot.AUTHENTICATION)).toBe(canMove ? undefined : second.newKeyRef);
    await world.close();
  });

  it("a certConf answered by a proxy's 200 text/html keeps the new key and certificate; the next run confirms", async () => {
    const world = await renewalWorld(await demoCardCopy(kind), ca);
    const planned = await world.plan();
    const ctx = await world.context(new CrashSwitch(null, false));
    let sends = 0;
    const proxied: RenewalContext = {
      ...ctx,
      // The first message is the kur; the second, the certConf, meets a captive portal's login page.
      send: async (url, der, id) => (++sends === 2 ? { kind: 'failed', status: 200, reason: 'HTTP 200 text/html' } : ctx.send(url, der, id)),
    };
    const stopped = await runRenewal(proxied, planned);
    expect(stopped.kind).toBe('wait');
    expect(stopped.journal.step).toBe('confirm-built');
    expect(await ctx.token.readCertificate(planned.newKeyRef)).toEqual(stopped.journal.newCertificate);
    expect(await keyMatchesCertificate(ctx, stopped.journal, planned.newKeyRef, stopped.journal.newCertificate!)).toBe(true);
    const done = await runRenewal(proxied, stopped.journal);
    expect(done.journal.step).toBe('done');
    const record = await ca.repository.findCertificateOfTransaction(toHex(done.journal.transaction!.transactionId).toLowerCase());
    expect(record?.der).toEqual(done.journal.newCertificate);
    expect(record?.status).toBe('confirmed');
    await world.close();
  });
});
