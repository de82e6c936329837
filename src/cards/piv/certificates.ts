/**
 * Listing every certificate with as few APDUs as possible (issue 2 §6: at most half of OpenSC's). Slots 9A,
 * 9C, 9D, 9E are always read; the retired slots 82..95 only as far as the Key History object (SP 800-73-4
 * Part 1 §3.3.3) says certificates are on the card — the retired keys with on-card certificates are numbered
 * from 82 upwards — which is also how OpenSC decides. A card without Key History gets no retired reads unless
 * the caller asks for a full scan (`retired: 'all'`, 20 more GET DATA).
 */
import type { PivChannel } from './channel';
import { certificateObjectId, ObjectId, RETIRED_SLOTS, Slot, type SlotId } from './constants';
import { parseKeyHistory } from './discovery';
import { encodeKeyHistoryObject, keyHistoryAfterRemove, keyHistoryAfterWrite } from './key-history';
import { PivDataError } from './errors';
import { readCertificate, readObject, writeCertificate, writeObject } from './objects';

export type RetiredScan = 'auto' | 'all' | 'none';

export interface ListOptions {
  readonly retired?: RetiredScan;
}

/** A slot whose certificate object is present: its DER, or why it could not be decoded. */
export interface SlotCertificate {
  readonly slot: SlotId;
  readonly der: Uint8Array | null;
  readonly error: PivDataError | null;
}

export const PRIMARY_CERTIFICATE_SLOTS: readonly SlotId[] = [Slot.AUTHENTICATION, Slot.SIGNATURE, Slot.KEY_MANAGEMENT, Slot.CARD_AUTH];

/** Retired slots to read: the first `keysWithOnCardCerts` per Key History, all, or none. */
async function retiredSlotsToRead(channel: PivChannel, scan: RetiredScan): Promise<readonly SlotId[]> {
  if (scan === 'none') return [];
  if (scan === 'all') return RETIRED_SLOTS;
  const content = await readObject(channel, ObjectId.KEY_HISTORY);
  if (content === null) return [];
  return RETIRED_SLOTS.slice(0, parseKeyHistory(content).keysWithOnCardCerts);
}

async function readSlot(channel: PivChannel, slot: SlotId): Promise<SlotCertificate | null> {
  try {
    const der = await readCertificate(channel, slot);
    return der === null ? null : { slot, der, error: null };
  } catch (error) {
    // One damaged object must not hide the other certificates; the UI shows it as unreadable.
    if (error instanceof PivDataError) return { slot, der: null, error };
    throw error;
  }
}

export async function listCertificates(channel: PivChannel, options: ListOptions = {}): Promise<SlotCertificate[]> {
  const retired = await retiredSlotsToRead(channel, options.retired ?? 'auto');
  const found: SlotCertificate[] = [];
  for (const slot of [...PRIMARY_CERTIFICATE_SLOTS, ...retired]) {
    const entry = await readSlot(channel, slot);
    if (entry) found.push(entry);
  }
  return found;
}

/**
 * Writes a certificate; for a retired slot also raises the Key History count so that listings find it
 * (renewal writes the new certificate to a free retired slot, DESIGN.md §5), keeping the off-card count and
 * URL (key-history.ts).
 */
export async function putCertificate(channel: PivChannel, slot: SlotId, der: Uint8Array): Promise<void> {
  await writeCertificate(channel, slot, der);
  const index = RETIRED_SLOTS.indexOf(slot);
  if (index < 0) return;
  const content = await readObject(channel, ObjectId.KEY_HISTORY);
  const next = keyHistoryAfterWrite(content === null ? null : parseKeyHistory(content), index);
  if (next) await writeObject(channel, ObjectId.KEY_HISTORY, encodeKeyHistoryObject(next));
}

/**
 * Deletes a certificate (PUT DATA with an empty object, SP 800-73-4 Part 2 §3.3.2); for the last retired slot
 * Key History counts on the card, the count comes down again so the slot can be given out later (a renewal with
 * MOVE KEY clears its retired slot when done). Counts with off-card keys after them stay: those keys are
 * numbered after the on-card ones (Part 1 §3.3.3) and must not shift.
 */
export async function removeCertificate(channel: PivChannel, slot: SlotId): Promise<void> {
  await writeObject(channel, certificateObjectId(slot), new Uint8Array(0));
  const index = RETIRED_SLOTS.indexOf(slot);
  if (index < 0) return;
  const content = await readObject(channel, ObjectId.KEY_HISTORY);
  const next = content === null ? null : keyHistoryAfterRemove(parseKeyHistory(content), index);
  if (next) await writeObject(channel, ObjectId.KEY_HISTORY, encodeKeyHistoryObject(next));
}
