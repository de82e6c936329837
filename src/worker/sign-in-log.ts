/** Where the worker keeps the sites that signed in with each key (idb signIns; in memory without IndexedDB). */
import { addSignIn, listSignIns, type UKeyDb } from '../store';
import type { SignInRecord } from '../store/records';
import type { SignInHistoryEntry } from './device-service-api';

export interface SignInLog {
  add(record: Omit<SignInRecord, 'id'>): Promise<void>;
  list(tokenId: string): Promise<SignInHistoryEntry[]>;
}

export class IdbSignInLog implements SignInLog {
  constructor(private readonly db: () => Promise<UKeyDb>) {}

  async add(record: Omit<SignInRecord, 'id'>): Promise<void> {
    await addSignIn(await this.db(), record);
  }

  async list(tokenId: string): Promise<SignInHistoryEntry[]> {
    return (await listSignIns(await this.db(), tokenId)).map(({ origin, at }) => ({ origin, at }));
  }
}

export class MemorySignInLog implements SignInLog {
  private readonly records: Array<Omit<SignInRecord, 'id'>> = [];

  async add(record: Omit<SignInRecord, 'id'>): Promise<void> {
    this.records.push(record);
  }

  async list(tokenId: string): Promise<SignInHistoryEntry[]> {
    return this.records
      .filter((r) => r.tokenId === tokenId)
      .map(({ origin, at }) => ({ origin, at }))
      .sort((a, b) => b.at.localeCompare(a.at));
  }
}
