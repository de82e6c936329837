/**
 * Issue 17 §3: the journal's fields moved from PIV words (mainSlot, newSlot, roleSlot, activeSlot, slotKept) to
 * key-reference words. A journal the previous version left in IndexedDB — a renewal a user started before the
 * update — is read with the new names and resumes to done on the card; the renamed fields' meaning is unchanged.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDb } from '../../src/store/db';
import { IdbRenewalJournalStore, readRenewalJournal } from '../../src/store/renewal-journal';
import { runRenewal, type RenewalJournal } from '../../src/flows/renewal';
import { CrashSwitch, renewalWorld, type RenewalWorld } from '../unit/renewal/support/virtual-renewal';

/** The journal as the previous version stored it: the same record under the old field names. */
function asStoredBefore(journal: RenewalJournal, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { mainKeyRef, newKeyRef, roleKeyRef, activeKeyRef, keyKept, ...rest } = journal;
  return {
    ...rest,
    mainSlot: mainKeyRef,
    newSlot: newKeyRef,
    ...(roleKeyRef !== undefined ? { roleSlot: roleKeyRef } : {}),
    ...(activeKeyRef !== undefined ? { activeSlot: activeKeyRef } : {}),
    ...(keyKept !== undefined ? { slotKept: keyKept } : {}),
    ...extra,
  };
}

describe('a renewal journal stored before the key-reference names (issue 17 §3)', () => {
  let world: RenewalWorld;
  beforeAll(async () => {
    world = await renewalWorld();
  });
  afterAll(() => world.close());

  it('is read with the new names and resumes to done on the card', async () => {
    const planned = await world.plan();
    const db = await openAppDb({ factory: new IDBFactory() });
    await db.put('renewals', asStoredBefore(planned) as unknown as RenewalJournal);
    const store = new IdbRenewalJournalStore(db);
    const read = await store.get(planned.id);
    expect(read).toEqual(planned);
    expect((await store.listByToken('demo')).map((j) => j.id)).toEqual([planned.id]);
    const ctx = await world.context(new CrashSwitch(null, false));
    const result = await runRenewal({ ...ctx, store }, read!);
    expect(result.kind).toBe('final');
    expect(result.journal.step).toBe('done');
    const stored = await store.get(planned.id);
    expect(stored?.step).toBe('done');
    expect(await ctx.token.readCertificate(result.journal.activeKeyRef ?? result.journal.mainKeyRef)).toEqual(result.journal.newCertificate);
    // Saved again under the new names only.
    const raw = (await db.get('renewals', planned.id)) as unknown as Record<string, unknown>;
    expect(Object.keys(raw).filter((k) => /slot/i.test(k))).toEqual([]);
    db.close();
  });

  it('maps every old field: role, active key and a key kept after the CA answered', () => {
    const now = '2026-11-30T10:00:00.000Z';
    const old = {
      id: 'old-1', tokenId: 'demo', tokenSerial: '33710354', mainSlot: 0x83, roleSlot: 0x9a, newSlot: 0x84, activeSlot: 0x84, slotKept: true,
      algorithm: 'ECC-P256', caUrl: 'in-process', oldCertificate: Uint8Array.of(0x30, 1), chain: [], caCmpCertificate: Uint8Array.of(0x30, 2),
      step: 'failed', failure: { code: 'cert-conf', message: 'x' }, createdAt: now, updatedAt: now,
    };
    const read = readRenewalJournal(old);
    expect(read).not.toBeNull();
    expect([read!.mainKeyRef, read!.roleKeyRef, read!.newKeyRef, read!.activeKeyRef, read!.keyKept]).toEqual([0x83, 0x9a, 0x84, 0x84, true]);
    expect(Object.keys(read!).filter((k) => /slot/i.test(k))).toEqual([]);
    // A record naming a field both ways is damaged, not guessed at.
    expect(readRenewalJournal({ ...old, mainKeyRef: 0x9a })).toBeNull();
  });
});
