/**
 * The card's codec in one import: command parsing (command-apdu.ts), BER-TLV (ber-tlv.ts) and byte helpers
 * (card-bytes.ts) — all the emulator's own, written from ISO/IEC 7816-4, none shared with the driver.
 */
import { decodeBerTlvs, encodeBerTlv, type CardTlv } from './ber-tlv';
import { concat } from './card-bytes';

export { parseCommand, responseApdu, type CardCommand } from './command-apdu';
export { concat, equalBytes, hex } from './card-bytes';
export type { CardTlv } from './ber-tlv';

/** The TLVs at one level; malformed data answers 6A80. */
export function readTlvs(bytes: Uint8Array): CardTlv[] {
  return decodeBerTlvs(bytes);
}

export function findTlv(tlvs: readonly CardTlv[], tag: number): Uint8Array | undefined {
  return tlvs.find((t) => t.tag === tag)?.value;
}

export function tlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  return encodeBerTlv(tag, concat(...values));
}
