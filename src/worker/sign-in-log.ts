/** Where the worker keeps the sites that signed in with each key (idb signIns; in memory without IndexedDB). */
import { addSignIn, deleteSignIns, listSignIns, type UKeyDb, type SignInRecord } from '../store';
import type { SignInHistoryEntry } from './device-service-api';

export interface SignInLog {
  add(record: Omit<SignInRecord, 'id'>): Promise<void>;
  list(tokenId: string): Promise<SignInHistoryEntry[]>;
  /** Forgets a key's sign-ins (leaving the demo clears its records, issue 16 §2). */
  forget(tokenId: string): Promise<void>;
}

export class IdbSignInLog implements SignInLog {
  constructor(private readonly db: () => Promise<UKeyDb>) {}

  async add(record: Omit<SignInRecord, 'id'>): Promise<void> {
    await addSignIn(await this.db(), record);
  }

  async list(tokenId: string): Promise<SignInHistoryEntry[]> {
    return (await listSignIns(await this.db(), tokenId)).map(({ origin, at }) => ({ origin, at }));
  }

  async forget(tokenId: string): Promise<void> {
    await deleteSignIns(await this.db(), tokenId);
  }
}

export class MemorySignInLog implements SignInLog {
  private records: Array<Omit<SignInRecord, 'id'>> = [];

  async add(record: Omit<SignInRecord, 'id'>): Promise<void> {
    this.records.push(record);
  }

  async list(tokenId: string): Promise<SignInHistoryEntry[]> {
    return this.records
      .filter((r) => r.tokenId === tokenId)
      .map(({ origin, at }) => ({ origin, at }))
      .sort((a, b) => b.at.localeCompare(a.at));
  }

  async forget(tokenId: string): Promise<void> {
    this.records = this.records.filter((r) => r.tokenId !== tokenId);
  }
}
