/**
 * The emulator's own DER writer (X.690 §8, §10), so the card's files are built without any of the driver's
 * decoding code: what the profile reads is checked against bytes written independently.
 */

function lengthOctets(length: number): number[] {
  if (length < 0x80) return [length];
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return [0x80 | octets.length, ...octets];
}

/** One value with a one-octet identifier (every tag this card writes is below 31). */
export function der(tag: number, ...contents: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const length = contents.reduce((sum, part) => sum + part.length, 0);
  const head = [tag, ...lengthOctets(length)];
  const out = new Uint8Array(head.length + length);
  out.set(head);
  let at = head.length;
  for (const part of contents) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export const sequence = (...contents: Uint8Array[]): Uint8Array<ArrayBuffer> => der(0x30, ...contents);
export const octetString = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => der(0x04, bytes);
export const utf8String = (text: string): Uint8Array<ArrayBuffer> => der(0x0c, new TextEncoder().encode(text));
export const boolean = (value: boolean): Uint8Array<ArrayBuffer> => der(0x01, Uint8Array.of(value ? 0xff : 0x00));

/** X.690 §8.3: two's complement, fewest octets (a leading 00 keeps a value with the top bit set positive). */
export function integerContents(value: number): Uint8Array<ArrayBuffer> {
  const octets: number[] = [];
  let rest = value;
  do {
    octets.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  if (octets[0]! & 0x80) octets.unshift(0);
  return Uint8Array.from(octets);
}

export const integer = (value: number): Uint8Array<ArrayBuffer> => der(0x02, integerContents(value));
export const enumerated = (value: number): Uint8Array<ArrayBuffer> => der(0x0a, integerContents(value));

/** X.690 §11.2.2: a named-bit BIT STRING in DER drops trailing zero bits; bit 0 is the first (most significant) bit. */
export function namedBits(...bits: number[]): Uint8Array<ArrayBuffer> {
  if (bits.length === 0) return der(0x03, Uint8Array.of(0));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array((highest >> 3) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  const unused = 7 - (highest & 7);
  return der(0x03, Uint8Array.of(unused), bytes);
}
