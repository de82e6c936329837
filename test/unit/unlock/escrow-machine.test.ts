// The two-phase PUK escrow machine over a model card and CA (issue 10 §4): a run killed before or after any
// step (record write, card command, CA exchange), then resumed — possibly killed again — ends with the CA's
// committed PUK equal to the card's PUK, or with nothing changed; a PUK is never tried to see whether it works.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WrongPinError } from '../../../src/apdu/errors';
import type { CmpTransaction } from '../../../src/shared/cmp/client/transaction';
import { UnlockStateError } from '../../../src/flows/unlock/errors';
import { runEscrow, resumePhase, type EscrowPorts } from '../../../src/flows/unlock/escrow-machine';
import { readEscrowRecord } from '../../../src/flows/unlock/escrow-record-reader';
import { isRegistered, MemoryEscrowRecordStore, type EscrowRecord } from '../../../src/flows/unlock/escrow-record';

const FACTORY = '12345678';

class Crash extends Error {}

interface World {
  /** `held`: every unblock code the card ever held. `factory`: the card's documented factory code (null: the issuer set it). */
  card: { unblockCode: string; canTell: boolean; wrongTries: number; held?: Set<string>; factory?: string | null };
  ca: { pending: Map<string, string>; committed: string | null; answered: Set<string> };
  store: MemoryEscrowRecordStore;
  step: number;
  crashAt: number;
  crashAfter: boolean;
}

function ports(w: World, withPin: boolean): EscrowPorts {
  /** Counts effectful steps; throws at the chosen one, before or after its effect. */
  const effect = async <T>(act: () => T): Promise<T> => {
    const here = w.step++;
    if (here === w.crashAt && !w.crashAfter) throw new Crash('before');
    const result = act();
    if (here === w.crashAt && w.crashAfter) throw new Crash('after');
    return result;
  };
  const tx = { transactionId: new Uint8Array(16), lastSenderNonce: new Uint8Array(), certReqId: 0, recipient: new Uint8Array() } satisfies CmpTransaction;
  let next = 0;
  return {
    factoryUnblockCode: w.card.factory === undefined ? FACTORY : w.card.factory,
    cardTellsFactory: w.card.canTell,
    now: () => 0,
    newUnblockCode: () => String(10_000_000 + next++ * 7919 + w.step),
    // Every record the machine writes must read back through the storage shape check.
    store: { get: (id) => w.store.get(id), put: (r) => effect(() => void w.store.put(readEscrowRecord(r, r.tokenId))) },
    card: {
      changeUnblockCode: (current, nextCode) =>
        effect(() => {
          if (current !== w.card.unblockCode) {
            w.card.wrongTries++;
            throw new WrongPinError(2);
          }
          w.card.unblockCode = nextCode;
          w.card.held?.add(nextCode);
        }),
      unblockCodeIsFactory: () => Promise.resolve(w.card.canTell ? w.card.unblockCode === FACTORY : null),
    },
    ca: {
      storePending: withPin
        ? (unblockCode) =>
            effect(() => {
              const escrowId = `E${w.ca.pending.size}`;
              w.ca.pending.set(escrowId, unblockCode);
              return { escrowId, commit: { der: new TextEncoder().encode(escrowId), transaction: tx } };
            })
        : null,
      sendCommit: (der) =>
        effect(() => {
          const id = new TextDecoder().decode(der);
          // The CA answers a repeated message with its stored answer (issue 10 §3), so a re-sent commit is fine.
          if (w.ca.answered.has(id)) return;
          w.ca.committed = w.ca.pending.get(id)!;
          w.ca.answered.add(id);
        }),
    },
  };
}

async function runUntilSettled(w: World, start: { currentUnblockCode: string; committedBefore?: boolean }, secondCrash = -1): Promise<EscrowRecord | 'unresolved'> {
  try {
    await runEscrow(null, { tokenId: 'T', keySerial: 'S', committedBefore: false, ...start }, ports(w, true));
  } catch (e) {
    if (!(e instanceof Crash)) throw e;
  }
  if (secondCrash >= 0) w.crashAt = w.step + secondCrash;
  // Resume until done; a second crash point may hit during a resume too.
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const existing = await w.store.get('T');
      if (!existing) return { tokenId: 'T', keySerial: 'S', phase: 'kept-old', escrowId: null, commitDer: null, commitTransaction: null, committedBefore: start.committedBefore ?? false, updatedAt: 0 };
      return await runEscrow(existing, null, ports(w, true));
    } catch (e) {
      if (e instanceof UnlockStateError && e.problem === 'escrow-unresolved') return 'unresolved';
      if (!(e instanceof Crash)) throw e;
    }
  }
  throw new Error('did not settle');
}

describe('runEscrow', () => {
  it('ends consistent after a crash at any step, from the factory PUK or a committed one (10,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(20), fc.boolean(), fc.boolean(), fc.integer({ min: -1, max: 12 }), async (crashAt, crashAfter, rotation, secondCrash) => {
        const initial = rotation ? '48151623' : FACTORY;
        const w: World = {
          card: { unblockCode: initial, canTell: true, wrongTries: 0 },
          ca: { pending: new Map(), committed: rotation ? initial : null, answered: new Set() },
          store: new MemoryEscrowRecordStore(),
          step: 0,
          crashAt,
          crashAfter,
        };
        const settled = await runUntilSettled(w, { currentUnblockCode: initial, committedBefore: rotation }, secondCrash);
        expect(settled).not.toBe('unresolved');
        if (settled === 'unresolved') return;
        expect(w.card.wrongTries).toBe(0);
        // "Registered" is shown exactly when the CA's committed PUK is the card's PUK.
        expect(isRegistered(settled)).toBe(w.ca.committed === w.card.unblockCode);
        if (settled.phase === 'committed') {
          expect(w.ca.committed).toBe(w.card.unblockCode);
          expect(w.card.unblockCode).not.toBe(FACTORY);
        } else {
          expect(settled.phase).toBe('kept-old');
          expect(w.card.unblockCode).toBe(initial);
          expect(w.ca.committed).toBe(rotation ? initial : null);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  // Issue 15 §1: a card that cannot say "still factory" (plain SP 800-73-4, no GET METADATA), or whose PUK the
  // issuer set, changes old → new at once; a crash in that one command is unresolved, never guessed.
  it('cards that cannot tell or have no factory PUK: consistent or unresolved in the one change, never a try, never the factory PUK (10,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(20), fc.boolean(), fc.boolean(), fc.boolean(), fc.integer({ min: -1, max: 12 }), async (crashAt, crashAfter, rotation, noFactory, secondCrash) => {
        const initial = rotation ? '48151623' : '27182818';
        const w: World = {
          card: { unblockCode: initial, canTell: false, wrongTries: 0, held: new Set([initial]), factory: noFactory ? null : FACTORY },
          ca: { pending: new Map(), committed: rotation ? initial : null, answered: new Set() },
          store: new MemoryEscrowRecordStore(),
          step: 0,
          crashAt,
          crashAfter,
        };
        const settled = await runUntilSettled(w, { currentUnblockCode: initial, committedBefore: rotation }, secondCrash);
        expect(w.card.wrongTries).toBe(0);
        expect(w.card.held!.has(FACTORY)).toBe(false);
        if (settled === 'unresolved') {
          const record = await w.store.get('T');
          expect(record?.phase).toBe('changing');
          expect(record?.directChange).toBe(true);
          // The card holds the PUK it started with or the one the CA holds pending: the CA can release either.
          expect([initial, ...w.ca.pending.values()]).toContain(w.card.unblockCode);
          return;
        }
        expect(isRegistered(settled)).toBe(w.ca.committed === w.card.unblockCode);
        if (settled.phase === 'committed') expect(w.ca.committed).toBe(w.card.unblockCode);
        else expect(w.card.unblockCode).toBe(initial);
      }),
      { numRuns: 10_000 },
    );
  });

  it('a card that cannot tell leaves a crashed PUK change unresolved instead of guessing', async () => {
    for (let crashAt = 0; crashAt < 12; crashAt++) {
      const w: World = {
        card: { unblockCode: FACTORY, canTell: false, wrongTries: 0 },
        ca: { pending: new Map(), committed: null, answered: new Set() },
        store: new MemoryEscrowRecordStore(),
        step: 0,
        crashAt,
        crashAfter: true,
      };
      const settled = await runUntilSettled(w, { currentUnblockCode: FACTORY });
      if (settled === 'unresolved') expect((await w.store.get('T'))?.phase).toBe('changing');
      else if (settled.phase === 'committed') expect(w.ca.committed).toBe(w.card.unblockCode);
      expect(w.card.wrongTries).toBe(0);
    }
  });

  it('a wrong current PUK is refused once by the card and the record says nothing changed', async () => {
    const w: World = {
      card: { unblockCode: '11112222', canTell: true, wrongTries: 0 },
      ca: { pending: new Map(), committed: null, answered: new Set() },
      store: new MemoryEscrowRecordStore(),
      step: 0,
      crashAt: -1,
      crashAfter: false,
    };
    await expect(runEscrow(null, { tokenId: 'T', keySerial: 'S', currentUnblockCode: '99998888', committedBefore: false }, ports(w, true))).rejects.toBeInstanceOf(WrongPinError);
    expect(w.card.wrongTries).toBe(1);
    expect((await w.store.get('T'))?.phase).toBe('kept-old');
  });

  it('needs the PIN to make a new escrow, not to re-send a commit', async () => {
    const w: World = {
      card: { unblockCode: FACTORY, canTell: true, wrongTries: 0 },
      ca: { pending: new Map(), committed: null, answered: new Set() },
      store: new MemoryEscrowRecordStore(),
      step: 0,
      crashAt: -1,
      crashAfter: false,
    };
    await expect(runEscrow(null, { tokenId: 'T', keySerial: 'S', currentUnblockCode: FACTORY, committedBefore: false }, ports(w, false))).rejects.toMatchObject({ problem: 'needs-pin' });
    expect(resumePhase('changed', null)).toBe('changed');
    expect(resumePhase('changing', null)).toBe('unresolved');
    expect(resumePhase('pending', null)).toBe('kept-old');
  });
});
