/**
 * The role → key-reference map from stored journals (issue 15 §2, review defect 2) and the token lock manager
 * used in Node in place of navigator.locks (review defect 5).
 */
import { describe, expect, it } from 'vitest';
import type { KeyCertificate } from '../../../src/cards/seam/token-session';
import { claimedKeyRefs, keyMapFromJournals, renewalTarget, withKeyMap, type RenewalJournal, type RenewalStep } from '../../../src/flows/renewal';
import { InProcessLocks } from '../../../src/worker/token-locks';

function journal(id: string, step: RenewalStep, fields: Partial<RenewalJournal> = {}): RenewalJournal {
  return {
    id, tokenId: 't', tokenSerial: 's', mainKeyRef: 0x9a, newKeyRef: 0x83, algorithm: 'ECC-P256', caUrl: 'x',
    oldCertificate: new Uint8Array(), chain: [], caCmpCertificate: new Uint8Array(), step,
    createdAt: `2026-01-0${id}T00:00:00.000Z`, updatedAt: `2026-01-0${id}T00:00:00.000Z`, ...fields,
  };
}

const entry = (keyRef: number, role: KeyCertificate['role']): KeyCertificate => ({ keyRef, role, der: Uint8Array.of(keyRef), error: null });

describe('key map', () => {
  it('done without MOVE KEY moves the role; the latest renewal of a role wins; a renewal that moved the key home clears it', () => {
    const first = journal('1', 'done', { activeKeyRef: 0x83 });
    const second = journal('2', 'done', { mainKeyRef: 0x83, roleKeyRef: 0x9a, newKeyRef: 0x84, activeKeyRef: 0x84 });
    expect([...keyMapFromJournals([second, first])]).toEqual([[0x9a, 0x84]]);
    expect([...keyMapFromJournals([first, journal('3', 'done', { newKeyRef: 0x85 })])]).toEqual([]);
    expect([...keyMapFromJournals([journal('1', 'confirm-built'), journal('2', 'failed')])]).toEqual([]);
  });

  it('claimed: unfinished renewals, renewed keys in use, and keys kept after the CA certified them', () => {
    const claimed = claimedKeyRefs([
      journal('1', 'done', { newKeyRef: 0x83, activeKeyRef: 0x83 }),
      journal('2', 'waiting', { newKeyRef: 0x84 }),
      journal('3', 'failed', { newKeyRef: 0x85, keyKept: true }),
      journal('4', 'failed', { newKeyRef: 0x86 }),
      journal('5', 'done', { newKeyRef: 0x87 }),
    ]);
    expect([...claimed].sort()).toEqual([0x83, 0x84, 0x85]);
  });

  it('the listing takes the map: the renewed slot gets the role, the old key reads as retired; others unchanged', () => {
    const listed = withKeyMap([entry(0x9a, 'authentication'), entry(0x9c, 'signature'), entry(0x83, 'retired')], new Map([[0x9a, 0x83]]));
    expect(listed.map((e) => [e.keyRef, e.role])).toEqual([[0x9a, 'retired'], [0x9c, 'signature'], [0x83, 'authentication']]);
  });

  it('renewing a role or the slot that now holds it names the same key and role', () => {
    const map = new Map([[0x9a, 0x83]]);
    expect(renewalTarget(map, 0x9a)).toEqual({ mainKeyRef: 0x83, roleKeyRef: 0x9a });
    expect(renewalTarget(map, 0x83)).toEqual({ mainKeyRef: 0x83, roleKeyRef: 0x9a });
    expect(renewalTarget(map, 0x9c)).toEqual({ mainKeyRef: 0x9c, roleKeyRef: 0x9c });
  });
});

describe('InProcessLocks', () => {
  it('one holder per name at a time, in request order; a failed holder releases the lock; other names run freely', async () => {
    const locks = new InProcessLocks();
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const a = locks.request('t', async () => (order.push('a start'), await held, order.push('a end')));
    const b = locks.request('t', async () => {
      order.push('b');
      throw new Error('b failed');
    });
    const c = locks.request('t', async () => order.push('c'));
    const other = locks.request('u', async () => order.push('other'));
    await other;
    expect(order).toEqual(['a start', 'other']);
    release();
    await a;
    await expect(b).rejects.toThrow('b failed');
    await c;
    expect(order).toEqual(['a start', 'other', 'a end', 'b', 'c']);
  });
});
