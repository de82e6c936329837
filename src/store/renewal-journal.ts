/**
 * The renewal journal in IndexedDB (issue 10 §2), owned by the worker. Every save is a `strict` durability
 * transaction (IndexedDB 3.0 §2.7.1: flushed to disk before `complete`), because the next step's effect on
 * the token must never get ahead of the record that says it may happen. Records are checked on read.
 */
import { RENEWAL_STEPS, type RenewalJournal, type RenewalJournalStore } from '../flows/renewal';
import type { UKeyDb } from './db';

export type { RenewalJournalRecord } from './db';

const STEPS: ReadonlySet<string> = new Set(RENEWAL_STEPS);

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const isOptionalBytes = (v: unknown): boolean => v === undefined || isBytes(v);
const isIso = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v));
/** A key reference is the card profile's opaque number (issue 17 §3). */
const isKeyRef = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff_ffff;
const isOptionalKeyRef = (v: unknown): boolean => v === undefined || isKeyRef(v);

/**
 * The field names journals had before issue 17 §3 (the card's words) → today's. A journal the previous version stored
 * (a renewal begun before the update) is read under the new names and saved back under them on its next step.
 */
const RENAMED_FIELDS: readonly (readonly [string, string])[] = [
  ['mainSlot', 'mainKeyRef'],
  ['newSlot', 'newKeyRef'],
  ['roleSlot', 'roleKeyRef'],
  ['activeSlot', 'activeKeyRef'],
  ['slotKept', 'keyKept'],
];

/** The record under today's names; null when it names one field both ways (damaged, never guessed at). */
function upgradeFieldNames(r: Record<string, unknown>): Record<string, unknown> | null {
  if (!RENAMED_FIELDS.some(([old]) => old in r)) return r;
  const copy: Record<string, unknown> = { ...r };
  for (const [old, now] of RENAMED_FIELDS) {
    if (!(old in copy)) continue;
    if (now in copy) return null;
    if (copy[old] !== undefined) copy[now] = copy[old];
    delete copy[old];
  }
  return copy;
}

function isTransaction(v: unknown): boolean {
  if (v === undefined) return true;
  const t = v as Record<string, unknown> | null;
  return (
    typeof t === 'object' && t !== null &&
    isBytes(t.transactionId) && isBytes(t.lastSenderNonce) && isOptionalBytes(t.lastRecipNonce) &&
    typeof t.certReqId === 'number' && isBytes(t.recipient)
  );
}

function isFailure(v: unknown): boolean {
  if (v === undefined) return true;
  const f = v as Record<string, unknown> | null;
  return typeof f === 'object' && f !== null && typeof f.code === 'string' && typeof f.message === 'string';
}

/** A stored value as a journal, or null when it is damaged (skipped, never acted upon). Never throws. */
export function readRenewalJournal(value: unknown): RenewalJournal | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = upgradeFieldNames(value as Record<string, unknown>);
  if (r === null) return null;
  const ok =
    typeof r.id === 'string' && typeof r.tokenId === 'string' && typeof r.tokenSerial === 'string' &&
    isKeyRef(r.mainKeyRef) && isKeyRef(r.newKeyRef) && isOptionalKeyRef(r.roleKeyRef) && typeof r.algorithm === 'string' && ['RSA-2048', 'ECC-P256', 'ECC-P384'].includes(r.algorithm) &&
    typeof r.caUrl === 'string' && isBytes(r.oldCertificate) && Array.isArray(r.chain) && r.chain.every(isBytes) &&
    isBytes(r.caCmpCertificate) && typeof r.step === 'string' && STEPS.has(r.step) &&
    isOptionalBytes(r.newPublicKey) && isOptionalBytes(r.pendingRequest) && isTransaction(r.transaction) &&
    (r.checkAfter === undefined || isIso(r.checkAfter)) && isOptionalBytes(r.newCertificate) &&
    isOptionalKeyRef(r.activeKeyRef) && (r.keyKept === undefined || typeof r.keyKept === 'boolean') && isFailure(r.failure) && isIso(r.createdAt) && isIso(r.updatedAt);
  return ok ? (r as unknown as RenewalJournal) : null;
}

export class IdbRenewalJournalStore implements RenewalJournalStore {
  /** An open database, or how to open it (the worker opens on first use and reopens after a version change). */
  constructor(private readonly db: UKeyDb | (() => Promise<UKeyDb>)) {}

  private open(): Promise<UKeyDb> {
    return typeof this.db === 'function' ? this.db() : Promise.resolve(this.db);
  }

  async save(journal: RenewalJournal): Promise<void> {
    const tx = (await this.open()).transaction('renewals', 'readwrite', { durability: 'strict' });
    await tx.store.put(journal);
    await tx.done;
  }

  async get(id: string): Promise<RenewalJournal | null> {
    return readRenewalJournal(await (await this.open()).get('renewals', id));
  }

  async listByToken(tokenId: string): Promise<RenewalJournal[]> {
    const all: unknown[] = await (await this.open()).getAllFromIndex('renewals', 'byToken', tokenId);
    return all.map(readRenewalJournal).filter((j): j is RenewalJournal => j !== null).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
