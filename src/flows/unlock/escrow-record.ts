/**
 * The durable record of one unblock-code escrow registration (issue 10 §4). It holds no unblock code, no PIN: only the phase,
 * the CA's escrow id and the already-signed commit message, so a resume re-sends the same bytes (the CA answers a
 * repeated transactionID + body with its stored answer, issue 10 §3) without asking for the PIN again.
 * Persistence is pluggable: the worker's IndexedDB store implements EscrowRecordStore with durable writes.
 */
import type { CmpTransaction } from '../../shared/cmp';

/**
 * - `pending`: the CA holds the new unblock code pending; the card still holds the code the run started from (review
 *   defect 7: the CA is asked before the card changes). Records of earlier versions: the factory code.
 * - `resetting`: the change old code → factory code sent, answer unknown (rotation after an unlock).
 * - `at-factory`: the card's unblock code is the factory one; a new escrow is to be made (needs the PIN to sign).
 * - `changing`: the change factory code → new code sent (or old → new: `directChange`), answer unknown.
 * - `changed`: the card answered 9000; the commit is to be (re)sent.
 * - `committed`: the CA's committed unblock code is the card's. Final.
 * - `kept-old`: nothing changed on the card; the CA's earlier escrow (or the user's own unblock code) still holds. Final.
 */
export type EscrowPhase = 'resetting' | 'at-factory' | 'pending' | 'changing' | 'changed' | 'committed' | 'kept-old';

export const FINAL_PHASES: readonly EscrowPhase[] = ['committed', 'kept-old'];

export interface EscrowRecord {
  readonly tokenId: string;
  readonly keySerial: string;
  readonly phase: EscrowPhase;
  readonly escrowId: string | null;
  readonly commitDer: Uint8Array | null;
  readonly commitTransaction: CmpTransaction | null;
  /** The CA held a committed escrow matching the card when this run started (so `kept-old` is still registered). */
  readonly committedBefore: boolean;
  /**
   * This run's `changing` went from the holder's unblock code straight to the new one (no factory detour: the card cannot
   * confirm its factory code, or has none documented), so a crash there is settled by nobody but the CA's escrow.
   */
  readonly directChange?: boolean;
  readonly updatedAt: number;
}

/** Online unlock works: the CA's committed unblock code is the card's. */
export const isRegistered = (record: EscrowRecord | null): boolean =>
  record !== null && (record.phase === 'committed' || (record.phase === 'kept-old' && record.committedBefore));

export interface EscrowRecordStore {
  get(tokenId: string): Promise<EscrowRecord | null>;
  /** Must be durable before it resolves: the next card or CA step relies on it. */
  put(record: EscrowRecord): Promise<void>;
}

/** In-memory store (tests, and the worker until the lead's IndexedDB store is wired). */
export class MemoryEscrowRecordStore implements EscrowRecordStore {
  private readonly records = new Map<string, EscrowRecord>();

  get(tokenId: string): Promise<EscrowRecord | null> {
    return Promise.resolve(this.records.get(tokenId) ?? null);
  }

  put(record: EscrowRecord): Promise<void> {
    this.records.set(record.tokenId, record);
    return Promise.resolve();
  }
}

export const isFinalEscrow = (record: EscrowRecord | null): boolean => record === null || FINAL_PHASES.includes(record.phase);

/** An unlock request filed from this app (the CA's request id; no name or phone kept). */
export interface UnlockRequestEntry {
  readonly keySerial: string;
  readonly requestId: string;
  readonly filedAt: number;
}

export interface UnlockRequestStore {
  get(tokenId: string): Promise<UnlockRequestEntry | null>;
  put(tokenId: string, entry: UnlockRequestEntry): Promise<void>;
  delete(tokenId: string): Promise<void>;
}

export class MemoryUnlockRequestStore implements UnlockRequestStore {
  private readonly entries = new Map<string, UnlockRequestEntry>();

  get(tokenId: string): Promise<UnlockRequestEntry | null> {
    return Promise.resolve(this.entries.get(tokenId) ?? null);
  }

  put(tokenId: string, entry: UnlockRequestEntry): Promise<void> {
    this.entries.set(tokenId, entry);
    return Promise.resolve();
  }

  delete(tokenId: string): Promise<void> {
    this.entries.delete(tokenId);
    return Promise.resolve();
  }
}
