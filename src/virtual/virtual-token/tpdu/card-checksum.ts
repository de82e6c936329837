/**
 * The card's own T=1 epilogue (ISO/IEC 7816-3 §11.3.3.3, §11.4.4), written apart from the driver's on purpose:
 * LRC is the XOR of the block; CRC is x^16 + x^12 + x^5 + 1 shifted bit by bit, LSB first, register FFFF,
 * no final XOR, high byte first — the convention of the host stacks real cards are built against.
 */

export function longitudinalRedundancy(bytes: Uint8Array): number {
  return bytes.reduce((acc, b) => acc ^ b, 0);
}

/** Bitwise (table-free) CRC; the driver uses a table, so the two cross-check each other. */
export function cyclicRedundancy(bytes: Uint8Array): number {
  let register = 0xffff;
  for (const b of bytes) {
    register ^= b;
    for (let i = 0; i < 8; i++) {
      const carry = register & 1;
      register >>>= 1;
      // 0x8408 is 0x1021 (x^12 + x^5 + 1) with its bits reversed.
      if (carry) register ^= 0x8408;
    }
  }
  return register;
}

export function epilogue(crc: boolean, bytes: Uint8Array): number[] {
  if (!crc) return [longitudinalRedundancy(bytes)];
  const value = cyclicRedundancy(bytes);
  return [(value >> 8) & 0xff, value & 0xff];
}
