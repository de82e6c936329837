/**
 * Online-unlock records in IndexedDB (issue 10 §4), owned by the worker: the escrow phase per key and the open
 * unlock request. No unblock code, PIN or 解锁授权码 is ever part of them. Writes are `strict` durability (IndexedDB 3.0 §2.7.1):
 * the next card or CA step relies on the record being on disk. Records are checked on read (the unlock module's
 * readers throw CorruptRecordError, so a damaged record is reported, never acted upon).
 */
import {
  readEscrowRecord,
  readUnlockRequestEntry,
  type EscrowRecord,
  type EscrowRecordStore,
  type UnlockRequestEntry,
  type UnlockRequestStore,
} from '../flows/unlock';
import type { UKeyDb } from './db';

type Opener = () => Promise<UKeyDb>;

export class IdbEscrowRecordStore implements EscrowRecordStore {
  constructor(private readonly db: Opener) {}

  async get(tokenId: string): Promise<EscrowRecord | null> {
    const value: unknown = await (await this.db()).get('unlockEscrows', tokenId);
    return value === undefined ? null : readEscrowRecord(value, tokenId);
  }

  async put(record: EscrowRecord): Promise<void> {
    const tx = (await this.db()).transaction('unlockEscrows', 'readwrite', { durability: 'strict' });
    await tx.store.put(record, record.tokenId);
    await tx.done;
  }
}

export class IdbUnlockRequestStore implements UnlockRequestStore {
  constructor(private readonly db: Opener) {}

  async get(tokenId: string): Promise<UnlockRequestEntry | null> {
    const value: unknown = await (await this.db()).get('unlockRequests', tokenId);
    return value === undefined ? null : readUnlockRequestEntry(value, tokenId);
  }

  async put(tokenId: string, entry: UnlockRequestEntry): Promise<void> {
    const tx = (await this.db()).transaction('unlockRequests', 'readwrite', { durability: 'strict' });
    await tx.store.put(entry, tokenId);
    await tx.done;
  }

  async delete(tokenId: string): Promise<void> {
    const tx = (await this.db()).transaction('unlockRequests', 'readwrite', { durability: 'strict' });
    await tx.store.delete(tokenId);
    await tx.done;
  }
}
