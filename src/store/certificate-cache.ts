/**
 * The card cache's repositories (issue 15): IndexedDB for the app, shared by every worker of the origin (each
 * window and popup runs its own), and memory for contexts without IndexedDB. Writes are compare-and-set on the
 * record's generation: a worker that began reading a card before another worker invalidated it (a renewal wrote
 * a certificate meanwhile) must not put its older read back over the invalidation.
 */
import type { UKeyDb } from './db';
import { readCardCacheRecord, type CardCacheRecord } from './certificate-cache-record';

export interface CardCacheStore {
  get(cardKey: string): Promise<CardCacheRecord | null>;
  /**
   * The cards of this profile last seen under `tokenId` (where a fresh worker expects one of them next), newest
   * first; same-model keys without a USB serial share a token id. Invalidated records are left out.
   */
  cardsSeenUnder(tokenId: string, profileId: string): Promise<CardCacheRecord[]>;
  /** The record's generation now (0 when there is none): pass it back in `put` after reading the card. */
  generation(cardKey: string): Promise<number>;
  /** Stores `record` if the generation is still `record.generation`; false when an invalidation came between. */
  put(record: CardCacheRecord): Promise<boolean>;
  /** Forgets the card's facts and certificates and bumps its generation. */
  invalidate(cardKey: string): Promise<void>;
  /**
   * Deletes every record seen under `tokenId`, tombstones included (they still name the card), and returns their
   * card keys: a token the user let go (leaving the demo) leaves nothing behind (issue 16 §2).
   */
  forgetToken(tokenId: string): Promise<string[]>;
}

const STORE = 'cardCertificates';

function newestFirst(records: readonly CardCacheRecord[], profileId: string): CardCacheRecord[] {
  return records.filter((r) => r.profileId === profileId && r.facts !== null).sort((a, b) => b.seenAt.localeCompare(a.seenAt));
}

/**
 * The invalidated record: no facts, no certificates, the next generation. A card never cached gets one too, so
 * a read that began before the invalidation (at generation 0) cannot store what it read.
 */
function tombstone(cardKey: string, current: CardCacheRecord | null): CardCacheRecord {
  if (current) return { ...current, generation: current.generation + 1, facts: null, certificates: null };
  const [profileId = '', identity = ''] = cardKey.split('\u0000');
  return { cardKey, profileId, identity, tokenId: '', generation: 1, facts: null, certificates: null, anchorKeyRef: null, keyStateVersion: '', seenAt: new Date(0).toISOString() };
}

export class IdbCardCacheStore implements CardCacheStore {
  constructor(private readonly db: () => Promise<UKeyDb>) {}

  async get(cardKey: string): Promise<CardCacheRecord | null> {
    return readCardCacheRecord(await (await this.db()).get(STORE, cardKey));
  }

  async cardsSeenUnder(tokenId: string, profileId: string): Promise<CardCacheRecord[]> {
    const all: unknown[] = await (await this.db()).getAllFromIndex(STORE, 'byToken', tokenId);
    return newestFirst(all.map(readCardCacheRecord).filter((r): r is CardCacheRecord => r !== null), profileId);
  }

  async generation(cardKey: string): Promise<number> {
    return (await this.get(cardKey))?.generation ?? 0;
  }

  async put(record: CardCacheRecord): Promise<boolean> {
    const tx = (await this.db()).transaction(STORE, 'readwrite');
    const current = readCardCacheRecord(await tx.store.get(record.cardKey));
    if ((current?.generation ?? 0) !== record.generation) {
      await tx.done;
      return false;
    }
    await tx.store.put(record);
    await tx.done;
    return true;
  }

  async invalidate(cardKey: string): Promise<void> {
    const tx = (await this.db()).transaction(STORE, 'readwrite');
    // A record this build cannot read is replaced as if there were none.
    await tx.store.put(tombstone(cardKey, readCardCacheRecord(await tx.store.get(cardKey))));
    await tx.done;
  }

  async forgetToken(tokenId: string): Promise<string[]> {
    const tx = (await this.db()).transaction(STORE, 'readwrite');
    const keys = (await tx.store.index('byToken').getAllKeys(tokenId)).map(String);
    for (const key of keys) await tx.store.delete(key);
    await tx.done;
    return keys;
  }
}

export class MemoryCardCacheStore implements CardCacheStore {
  private readonly records = new Map<string, CardCacheRecord>();

  async get(cardKey: string): Promise<CardCacheRecord | null> {
    return this.records.get(cardKey) ?? null;
  }

  async cardsSeenUnder(tokenId: string, profileId: string): Promise<CardCacheRecord[]> {
    return newestFirst([...this.records.values()].filter((r) => r.tokenId === tokenId), profileId);
  }

  async generation(cardKey: string): Promise<number> {
    return this.records.get(cardKey)?.generation ?? 0;
  }

  async put(record: CardCacheRecord): Promise<boolean> {
    if ((this.records.get(record.cardKey)?.generation ?? 0) !== record.generation) return false;
    this.records.set(record.cardKey, record);
    return true;
  }

  async invalidate(cardKey: string): Promise<void> {
    this.records.set(cardKey, tombstone(cardKey, this.records.get(cardKey) ?? null));
  }

  async forgetToken(tokenId: string): Promise<string[]> {
    const keys = [...this.records.values()].filter((r) => r.tokenId === tokenId).map((r) => r.cardKey);
    for (const key of keys) this.records.delete(key);
    return keys;
  }
}
