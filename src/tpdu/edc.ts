/**
 * The T=1 epilogue field (ISO/IEC 7816-3 §11.3.3.3): LRC (one byte, the XOR of every prologue and information
 * byte) by default, CRC (two bytes) when the first TC for T=1 in the ATR has bit 1 set (§11.4.4).
 *
 * The standard points to ISO/IEC 13239 for the CRC but leaves the register's start value and bit order open;
 * cards and readers follow the host implementations, which use G(x) = x^16 + x^12 + x^5 + 1 processed
 * LSB-first (reflected constant 0x8408), start value FFFF, no final XOR, high byte sent first. We do the same.
 */

export type EdcKind = 'lrc' | 'crc';

/** Number of epilogue bytes for the EDC kind. */
export function edcLength(kind: EdcKind): 1 | 2 {
  return kind === 'lrc' ? 1 : 2;
}

export function lrc(bytes: Uint8Array): number {
  let value = 0;
  for (const b of bytes) value ^= b;
  return value;
}

const REFLECTED_POLYNOMIAL = 0x8408;

/** 256-entry table: the register after shifting one byte through it (classic table-driven reflected CRC). */
const CRC_TABLE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let r = n;
    for (let bit = 0; bit < 8; bit++) r = r & 1 ? (r >>> 1) ^ REFLECTED_POLYNOMIAL : r >>> 1;
    table[n] = r;
  }
  return table;
})();

/** The 16-bit CRC value (start FFFF, no final XOR). */
export function crc16(bytes: Uint8Array): number {
  let register = 0xffff;
  for (const b of bytes) register = (register >>> 8) ^ (CRC_TABLE[(register ^ b) & 0xff] as number);
  return register;
}

/** The epilogue bytes for `bytes` (prologue + INF). */
export function computeEdc(kind: EdcKind, bytes: Uint8Array): Uint8Array {
  if (kind === 'lrc') return Uint8Array.of(lrc(bytes));
  const value = crc16(bytes);
  return Uint8Array.of(value >>> 8, value & 0xff);
}
