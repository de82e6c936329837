// Review defect 7: the card must never wait at the factory PUK across a CA round trip. The CA stores the pending
// escrow first; then CHANGE REFERENCE DATA old → factory and factory → new run back to back (only local record
// writes between them), so a network stall or a killed run cannot leave 12345678 on the card for long.
import { describe, expect, it } from 'vitest';
import type { CmpTransaction } from '../../../src/shared/cmp/client/transaction';
import { runEscrow, resumePhase, type EscrowPorts } from '../../../src/flows/unlock/escrow-machine';
import { MemoryEscrowRecordStore } from '../../../src/flows/unlock/escrow-record';

const FACTORY = '12345678';
const tx = { transactionId: new Uint8Array(16), lastSenderNonce: new Uint8Array(), certReqId: 0, recipient: new Uint8Array() } satisfies CmpTransaction;

type Event = { kind: 'card'; from: string; to: string } | { kind: 'ca'; what: 'pending' | 'commit'; cardUnblockCode: string } | { kind: 'store'; phase: string };

function world(initial: string, tells = true) {
  const card = { unblockCode: initial };
  const events: Event[] = [];
  const store = new MemoryEscrowRecordStore();
  const ports: EscrowPorts = {
    factoryUnblockCode: FACTORY,
    cardTellsFactory: tells,
    now: () => 0,
    newUnblockCode: () => '90817263',
    store: { get: (id) => store.get(id), put: async (r) => (events.push({ kind: 'store', phase: r.phase }), store.put(r)) },
    card: {
      changeUnblockCode: async (from, to) => {
        events.push({ kind: 'card', from, to });
        card.unblockCode = to;
      },
      unblockCodeIsFactory: async () => card.unblockCode === FACTORY,
    },
    ca: {
      storePending: async () => {
        events.push({ kind: 'ca', what: 'pending', cardUnblockCode: card.unblockCode });
        return { escrowId: 'E1', commit: { der: new Uint8Array([1]), transaction: tx } };
      },
      sendCommit: async () => void events.push({ kind: 'ca', what: 'commit', cardUnblockCode: card.unblockCode }),
    },
  };
  return { card, events, store, ports };
}

describe('escrow order (review defect 7)', () => {
  it('a rotation from a non-factory PUK asks the CA before the card leaves its PUK, and changes old → factory → new back to back', async () => {
    const w = world('48151623');
    const record = await runEscrow(null, { tokenId: 'T', keySerial: 'S', currentUnblockCode: '48151623', committedBefore: true }, w.ports);
    expect(record.phase).toBe('committed');
    expect(w.card.unblockCode).toBe('90817263');
    // No CA exchange ever happens while the card holds the factory PUK.
    expect(w.events.filter((e) => e.kind === 'ca').map((e) => (e.kind === 'ca' ? e.cardUnblockCode : ''))).not.toContain(FACTORY);
    const nonStore = w.events.filter((e) => e.kind !== 'store');
    expect(nonStore).toEqual([
      { kind: 'ca', what: 'pending', cardUnblockCode: '48151623' },
      { kind: 'card', from: '48151623', to: FACTORY },
      { kind: 'card', from: FACTORY, to: '90817263' },
      { kind: 'ca', what: 'commit', cardUnblockCode: '90817263' },
    ]);
  });

  it('a card that cannot confirm the factory PUK (no GET METADATA) changes old → new in one command, after the pending escrow', async () => {
    const w = world('48151623', false);
    const record = await runEscrow(null, { tokenId: 'T', keySerial: 'S', currentUnblockCode: '48151623', committedBefore: true }, w.ports);
    expect(record.phase).toBe('committed');
    expect(w.events.filter((e) => e.kind !== 'store')).toEqual([
      { kind: 'ca', what: 'pending', cardUnblockCode: '48151623' },
      { kind: 'card', from: '48151623', to: '90817263' },
      { kind: 'ca', what: 'commit', cardUnblockCode: '90817263' },
    ]);
  });

  it('the pending escrow is recorded durably before the first card command', async () => {
    const w = world('48151623');
    await runEscrow(null, { tokenId: 'T', keySerial: 'S', currentUnblockCode: '48151623', committedBefore: false }, w.ports);
    const firstCard = w.events.findIndex((e) => e.kind === 'card');
    expect(w.events.slice(0, firstCard)).toContainEqual({ kind: 'store', phase: 'pending' });
  });

  it('a run killed after the pending escrow, before any card command, resumes as "nothing changed" when the card is not at the factory PUK', () => {
    expect(resumePhase('pending', false)).toBe('kept-old');
    expect(resumePhase('pending', true)).toBe('at-factory');
  });
});
