/**
 * Which retired slot (82..95) may receive a new key (issue 15 §2, review defect 4). GENERATE overwrites
 * whatever key a slot holds — an old decryption key whose certificate is off the card would be lost — so a slot
 * is given only when the card shows it is empty:
 * - after the keys Key History counts (SP 800-73-4 Part 1 §3.3.3 numbers retired keys from 82, those with
 *   on-card certificates first, then those with off-card certificates); a card without Key History has no
 *   retired keys (§3.3.3: the object "shall be present" when it has any);
 * - not claimed by an unfinished renewal or holding a renewed key the app uses (the caller's `claimed`);
 * - GET METADATA answers 6A82 for it where the card has that command (Yubico PIV, firmware 5.3+) — the card's
 *   own word, which also catches keys a tool wrote without updating Key History;
 * - on a card without GET METADATA, the slot's certificate object is absent: a certificate there means the
 *   card's Key History is not kept, so nothing can show an empty slot and the allocator refuses.
 */
import { NotFoundError } from '../../apdu';
import { RETIRED_SLOTS, type SlotId } from './constants';
import { PivDataError } from './errors';
import type { PivSession } from './session';

export type AllocationRefusal =
  /** Every retired slot holds a key or is claimed. */
  | 'all-in-use'
  /** The card cannot show that any slot is empty (no metadata, and its Key History is not kept). */
  | 'cannot-show-empty';

export type KeyAllocation = { readonly keyRef: SlotId } | { readonly refused: AllocationRefusal };

/** Key references counted by Key History, or null when the object cannot be trusted (unreadable). */
async function retiredInUse(piv: PivSession): Promise<number | null> {
  try {
    const history = await piv.readKeyHistory();
    return history === null ? 0 : history.keysWithOnCardCerts + history.keysWithOffCardCerts;
  } catch (error) {
    if (error instanceof PivDataError) return null;
    throw error;
  }
}

/** GET METADATA of a key slot: 6A82 is the card saying the slot is empty. */
async function emptyByMetadata(piv: PivSession, slot: SlotId): Promise<boolean> {
  try {
    await piv.getMetadata(slot);
    return false;
  } catch (error) {
    if (error instanceof NotFoundError) return true;
    throw error;
  }
}

export async function allocateRetiredSlot(piv: PivSession, claimed: ReadonlySet<number>): Promise<KeyAllocation> {
  const inUse = await retiredInUse(piv);
  const { metadata } = await piv.capabilities();
  if (inUse === null && !metadata) return { refused: 'cannot-show-empty' };
  for (const slot of RETIRED_SLOTS.slice(inUse ?? 0)) {
    if (claimed.has(slot)) continue;
    if (metadata) {
      if (await emptyByMetadata(piv, slot)) return { keyRef: slot };
      continue;
    }
    // Without metadata only Key History speaks for the slot; a certificate where it promises none breaks that.
    if ((await piv.readCertificate(slot)) !== null) return { refused: 'cannot-show-empty' };
    return { keyRef: slot };
  }
  return { refused: 'all-in-use' };
}
