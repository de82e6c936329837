/**
 * A PKCS#15 directory file (ODF, CDF, PrKDF, AODF) is a run of DER values one after another, and ISO 7816-15
 * §8.2 lets the file end in padding: once a 00 or FF byte stands where the next tag would, the rest is unused
 * space. This splits such a file into its values; each is then decoded by its own schema.
 */
import { Pkcs15DataError } from './errors';

export interface DerElement {
  /** The first identifier octet (X.690 §8.1.2): class, constructed bit and tag number when below 31. */
  readonly tag: number;
  /** The whole value: identifier, length and contents (a view into the input). */
  readonly bytes: Uint8Array;
}

const PADDING = [0x00, 0xff];
const HIGH_TAG_NUMBER = 0x1f;
const MORE_TAG_OCTETS = 0x80;
const LONG_LENGTH = 0x80;
/** PKCS#15 files are read with 15-bit offsets (ISO 7816-4 §11.2.3): no value is longer than 32767 bytes. */
const MAX_LENGTH_OCTETS = 2;

/** Splits `bytes` into consecutive DER values, stopping at padding; throws Pkcs15DataError for anything else. */
export function splitDerElements(bytes: Uint8Array, context: string): DerElement[] {
  const out: DerElement[] = [];
  let offset = 0;
  while (offset < bytes.length && !PADDING.includes(bytes[offset]!)) {
    const end = elementEnd(bytes, offset, context);
    out.push({ tag: bytes[offset]!, bytes: bytes.subarray(offset, end) });
    offset = end;
  }
  return out;
}

/** Offset just past the DER value starting at `start` (X.690 §8.1.2–8.1.3, definite lengths only). */
function elementEnd(bytes: Uint8Array, start: number, context: string): number {
  const fail = (why: string): Pkcs15DataError => new Pkcs15DataError(context, `${why} at offset ${start}`);
  let pos = start + 1;
  if ((bytes[start]! & HIGH_TAG_NUMBER) === HIGH_TAG_NUMBER) {
    while (pos < bytes.length && (bytes[pos]! & MORE_TAG_OCTETS) !== 0) pos++;
    pos++;
  }
  if (pos >= bytes.length) throw fail('value cut short in its tag or length');
  const lead = bytes[pos++]!;
  let length = lead;
  if (lead & LONG_LENGTH) {
    const count = lead & 0x7f;
    // X.690 §10.1: DER has no indefinite form (80).
    if (count === 0 || count > MAX_LENGTH_OCTETS) throw fail(`length form ${lead.toString(16)}`);
    if (pos + count > bytes.length) throw fail('length field runs past the end');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
  }
  if (length > bytes.length - pos) throw fail(`value of ${length} bytes runs past the end`);
  return pos + length;
}

/** The contents octets of one DER value (what an explicit context tag wraps). */
export function contentsOf(element: DerElement, context: string): Uint8Array {
  const bytes = element.bytes;
  let pos = 1;
  if ((bytes[0]! & HIGH_TAG_NUMBER) === HIGH_TAG_NUMBER) {
    while (pos < bytes.length && (bytes[pos]! & MORE_TAG_OCTETS) !== 0) pos++;
    pos++;
  }
  const lead = bytes[pos] ?? 0;
  pos += lead & LONG_LENGTH ? 1 + (lead & 0x7f) : 1;
  if (pos > bytes.length) throw new Pkcs15DataError(context, 'value without contents');
  return bytes.subarray(pos);
}
