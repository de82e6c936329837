/** Little byte writers for USB descriptors (USB 2.0 §9.6: little-endian fields; string descriptors UTF-16LE). */

export function le16(value: number): number[] {
  return [value & 0xff, (value >> 8) & 0xff];
}

export function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

/** UTF-16LE code units of `text` (USB 2.0 §9.6.7; MS OS 2.0 property names and data are the same). */
export function utf16le(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) out.push(...le16(text.charCodeAt(i)));
  return out;
}

/**
 * A GUID in its mixed-endian binary form (RFC 4122 §4.1.2 fields: time_low, time_mid, time_hi little-endian
 * as Microsoft and the USB platform capability descriptors store them, the last 8 bytes as written).
 */
export function guidBytes(guid: string): number[] {
  const hex = guid.replace(/[{}-]/g, '');
  const byte = (i: number): number => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return [byte(3), byte(2), byte(1), byte(0), byte(5), byte(4), byte(7), byte(6), ...Array.from({ length: 8 }, (_, i) => byte(8 + i))];
}

/** A string descriptor (bLength, 0x03, UTF-16LE). */
export function stringDescriptor(text: string): Uint8Array {
  const body = utf16le(text);
  return Uint8Array.from([2 + body.length, 0x03, ...body]);
}
