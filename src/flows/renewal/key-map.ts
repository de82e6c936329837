/**
 * Where each key is after renewals (issue 15 §2, review defect 2). A card without MOVE KEY keeps the renewed key
 * and certificate in the retired slot the renewal chose; the old key stays in the main slot until its
 * certificate expires. The journals are the stored record (durable, worker-owned): from them comes a map
 * role key reference → key reference holding that role's current key, which sign-in, signing, CSR and the
 * dashboard apply to what the card profile lists. Key references stay opaque (the profile's numbers).
 */
import type { KeyCertificate } from '../../cards/seam/token-session';
import { isFinal, type RenewalJournal } from './journal';

/** Role key reference (e.g. PIV 9A) → the key reference that now holds its key and certificate. */
export type KeyMap = ReadonlyMap<number, number>;

/** The map, and a version that changes with every renewal step (cached listings are stale once it changes). */
export interface KeyState {
  readonly map: KeyMap;
  readonly version: string;
}

/** The key reference whose role a renewal renews (its `roleSlot`, else the main slot). */
export function roleOf(journal: RenewalJournal): number {
  return journal.roleSlot ?? journal.mainSlot;
}

/** Done renewals in order: the latest one for a role decides; a renewal that moved the key home clears it. */
export function keyMapFromJournals(journals: readonly RenewalJournal[]): KeyMap {
  const map = new Map<number, number>();
  const done = journals.filter((j) => j.step === 'done').sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  for (const journal of done) {
    if (journal.activeSlot === undefined || journal.activeSlot === roleOf(journal)) map.delete(roleOf(journal));
    else map.set(roleOf(journal), journal.activeSlot);
  }
  return map;
}

/**
 * Key references a new renewal must not use: claimed by an unfinished renewal, holding a renewed key in use
 * (done without MOVE KEY), or kept after the CA certified it (failed after `answered`).
 */
export function claimedKeyRefs(journals: readonly RenewalJournal[]): Set<number> {
  const claimed = new Set<number>();
  for (const j of journals) {
    if (!isFinal(j) || j.slotKept || (j.step === 'done' && j.activeSlot !== undefined)) claimed.add(j.newSlot);
  }
  return claimed;
}

/**
 * The profile's listing with roles moved to where the keys are: the key reference holding a role's renewed key
 * takes that role; the role's own key reference, whose key is now the old one, reads as retired (superseded).
 */
export function withKeyMap(entries: readonly KeyCertificate[], map: KeyMap): KeyCertificate[] {
  if (map.size === 0) return [...entries];
  const roleAt = new Map(entries.map((e) => [e.keyRef, e.role]));
  const activeToRole = new Map([...map].map(([role, active]) => [active, role]));
  return entries.map((entry) => {
    const role = activeToRole.get(entry.keyRef);
    const movedRole = role === undefined ? undefined : roleAt.get(role);
    if (movedRole !== undefined) return { ...entry, role: movedRole };
    if (map.has(entry.keyRef)) return { ...entry, role: 'retired' };
    return entry;
  });
}

/**
 * What renewing `keyRef` means: where the current key is (`mainSlot`) and the role it keeps (`roleSlot`). The
 * caller may name the role (9A) or, from a listing with the map applied, the slot holding its key (83).
 */
export function renewalTarget(map: KeyMap, keyRef: number): { readonly mainSlot: number; readonly roleSlot: number } {
  for (const [role, active] of map) if (active === keyRef) return { mainSlot: active, roleSlot: role };
  return { mainSlot: map.get(keyRef) ?? keyRef, roleSlot: keyRef };
}
