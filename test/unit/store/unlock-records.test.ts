/**
 * Online-unlock records in IndexedDB (schema v6): kept across a reopen (a crash or a closed tab), keyed by token,
 * and a damaged record is reported as corrupt, never acted upon.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openAppDb } from '../../../src/store';
import { CorruptRecordError } from '../../../src/store/errors';
import { IdbEscrowRecordStore, IdbUnlockRequestStore } from '../../../src/store/unlock-records';
import type { EscrowRecord } from '../../../src/flows/unlock/escrow-record';

const RECORD: EscrowRecord = {
  tokenId: 'demo',
  keySerial: '33710354',
  phase: 'changed',
  escrowId: 'e-1',
  commitDer: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x05),
  commitTransaction: { transactionId: new Uint8Array(16).fill(7), lastSenderNonce: new Uint8Array(16).fill(8), certReqId: 0, recipient: Uint8Array.of(0x30, 0x00) },
  committedBefore: false,
  updatedAt: 1_764_500_000_000,
};

describe('unlock records in IndexedDB', () => {
  it('an escrow phase record and an open request survive a reopen, per token', async () => {
    const factory = new IDBFactory();
    const open = () => openAppDb(factory);
    await new IdbEscrowRecordStore(open).put(RECORD);
    await new IdbUnlockRequestStore(open).put('demo', { keySerial: '33710354', requestId: 'r-9', filedAt: 1_764_504_000_000 });
    const escrows = new IdbEscrowRecordStore(() => openAppDb(factory));
    const requests = new IdbUnlockRequestStore(() => openAppDb(factory));
    const back = await escrows.get('demo');
    expect(back).toMatchObject({ phase: 'changed', escrowId: 'e-1', keySerial: '33710354' });
    expect([...back!.commitDer!]).toEqual([...RECORD.commitDer!]);
    expect(await escrows.get('other')).toBeNull();
    expect(await requests.get('demo')).toMatchObject({ requestId: 'r-9' });
    await requests.delete('demo');
    expect(await requests.get('demo')).toBeNull();
  });

  it('a damaged record is a CorruptRecordError, not a phase to act on', async () => {
    const factory = new IDBFactory();
    const db = await openAppDb(factory);
    await db.put('unlockEscrows', { tokenId: 'demo', phase: 'nonsense' }, 'demo');
    await db.put('unlockRequests', { requestId: '' }, 'demo');
    db.close();
    await expect(new IdbEscrowRecordStore(() => openAppDb(factory)).get('demo')).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(new IdbUnlockRequestStore(() => openAppDb(factory)).get('demo')).rejects.toBeInstanceOf(CorruptRecordError);
  });
});
