/**
 * Where each key is after renewals (issue 15 §2, review defect 2). A card that cannot relocate keys keeps the renewed key
 * and certificate in the spare key reference the renewal chose; the old key stays in the main key reference until its
 * certificate expires. The journals are the stored record (durable, worker-owned): from them comes a map
 * role key reference → key reference holding that role's current key, which sign-in, signing, CSR and the
 * dashboard apply to what the card profile lists. Key references stay opaque (the profile's numbers).
 */
import type { KeyCertificate } from '../../cards/seam';
import { isFinal, type RenewalJournal } from './journal';

/** Role key reference (a key reference the profile issued) → the key reference that now holds its key and certificate. */
export type KeyMap = ReadonlyMap<number, number>;

/** The map, and a version that changes with every renewal step (cached listings are stale once it changes). */
export interface KeyState {
  readonly map: KeyMap;
  readonly version: string;
}

/** The key reference whose role a renewal renews (its `roleKeyRef`, else the main key reference). */
export function roleOf(journal: RenewalJournal): number {
  return journal.roleKeyRef ?? journal.mainKeyRef;
}

/** Done renewals in order: the latest one for a role decides; a renewal that moved the key home clears it. */
export function keyMapFromJournals(journals: readonly RenewalJournal[]): KeyMap {
  const map = new Map<number, number>();
  const done = journals.filter((j) => j.step === 'done').sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  for (const journal of done) {
    if (journal.activeKeyRef === undefined || journal.activeKeyRef === roleOf(journal)) map.delete(roleOf(journal));
    else map.set(roleOf(journal), journal.activeKeyRef);
  }
  return map;
}

/**
 * Key references a new renewal must not use: claimed by an unfinished renewal, holding a renewed key in use
 * (done on a card that cannot relocate keys), or kept after the CA certified it (failed after `answered`).
 */
export function claimedKeyRefs(journals: readonly RenewalJournal[]): Set<number> {
  const claimed = new Set<number>();
  for (const j of journals) {
    if (!isFinal(j) || j.keyKept || (j.step === 'done' && j.activeKeyRef !== undefined)) claimed.add(j.newKeyRef);
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
 * What renewing `keyRef` means: where the current key is (`mainKeyRef`) and the role it keeps (`roleKeyRef`). The
 * caller may name the role or, from a listing with the map applied, the key reference holding its key.
 */
export function renewalTarget(map: KeyMap, keyRef: number): { readonly mainKeyRef: number; readonly roleKeyRef: number } {
  for (const [role, active] of map) if (active === keyRef) return { mainKeyRef: active, roleKeyRef: role };
  return { mainKeyRef: map.get(keyRef) ?? keyRef, roleKeyRef: keyRef };
}
