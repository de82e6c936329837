/**
 * Key History after a certificate is written to a retired slot (SP 800-73-4 Part 1 §3.3.3). The object counts
 * retired keys from 82: `keysWithOnCardCerts` first, then `keysWithOffCardCerts`, and names where the off-card
 * certificates are (`offCardCertURL`, tag F3). A renewal writes its certificate after every counted key (the
 * allocator starts there), so the on-card count grows to cover it. The count only ever grows: keys it now also
 * covers keep counting as used (never handed out as free), and the URL is kept (review defect 4: the old
 * rewrite dropped both).
 */
import { RETIRED_SLOTS } from './constants';
import type { KeyHistory } from './discovery';

/** Tags of the Key History object (Part 1 Table 19). */
const TAG = { ON_CARD: 0xc1, OFF_CARD: 0xc2, URL: 0xf3, EDC: 0xfe } as const;

/** BER-TLV with a definite length (ISO 7816-4 §5.2.2: one byte below 128, else 81 xx / 82 xx xx). */
function tlv(tag: number, value: Uint8Array): number[] {
  const n = value.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return [tag, ...length, ...value];
}

export function encodeKeyHistoryObject(history: KeyHistory): Uint8Array<ArrayBuffer> {
  const url = history.offCardCertUrl === null ? [] : tlv(TAG.URL, new TextEncoder().encode(history.offCardCertUrl));
  return Uint8Array.from([
    ...tlv(TAG.ON_CARD, Uint8Array.of(history.keysWithOnCardCerts)),
    ...tlv(TAG.OFF_CARD, Uint8Array.of(history.keysWithOffCardCerts)),
    ...url,
    ...tlv(TAG.EDC, new Uint8Array(0)),
  ]);
}

/** The Key History to write after a certificate lands in retired slot number `index` (0 = 82); null: unchanged. */
export function keyHistoryAfterWrite(current: KeyHistory | null, index: number): KeyHistory | null {
  const onCard = current?.keysWithOnCardCerts ?? 0;
  if (index < onCard) return null;
  const grown = index + 1;
  return {
    keysWithOnCardCerts: grown,
    keysWithOffCardCerts: Math.min(current?.keysWithOffCardCerts ?? 0, RETIRED_SLOTS.length - grown),
    offCardCertUrl: current?.offCardCertUrl ?? null,
  };
}

/** After the certificate of retired slot `index` is deleted: one fewer on-card when it was the last counted. */
export function keyHistoryAfterRemove(current: KeyHistory, index: number): KeyHistory | null {
  if (current.keysWithOffCardCerts > 0 || index + 1 !== current.keysWithOnCardCerts) return null;
  return { ...current, keysWithOnCardCerts: index };
}
