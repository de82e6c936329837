/**
 * A bounds-checked DER TLV walker (ITU-T X.690 §8.1), for the few places where the exact bytes of an element
 * must be kept (certificates inside a PKCS#7 bundle keep their signatures only if not re-encoded).
 */
export interface Tlv {
  readonly tag: number;
  /** The whole element, header included. */
  readonly raw: Uint8Array;
  readonly content: Uint8Array;
}

/** Reads one element at `offset`, or null when the bytes do not hold a complete DER element there. */
export function readTlv(bytes: Uint8Array, offset = 0): Tlv | null {
  if (offset + 2 > bytes.length) return null;
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) return null; // multi-byte tags do not occur in the structures we walk
  let length = bytes[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || offset + 2 + count > bytes.length) return null; // indefinite length is BER
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i]!;
    header += count;
  }
  const end = offset + header + length;
  if (end > bytes.length) return null;
  return { tag, raw: bytes.subarray(offset, end), content: bytes.subarray(offset + header, end) };
}

/** The children of a constructed element's content, or null if they do not tile it exactly. */
export function readChildren(content: Uint8Array): Tlv[] | null {
  const children: Tlv[] = [];
  let offset = 0;
  while (offset < content.length) {
    const child = readTlv(content, offset);
    if (!child) return null;
    children.push(child);
    offset += child.raw.length;
  }
  return children;
}
