import { TlvError } from './format-errors';
import { concatBytes } from './hex';

/**
 * BER-TLV as ISO 7816-4 §5.2 and X.690 §8.1 define it, with the limits smart cards use: tags of 1 to 4 bytes
 * held as one number (0x5FC105 is the 3-byte tag 5F C1 05), definite lengths up to 3 length bytes
 * (81 xx, 82 xxxx, 83 xxxxxx). Every malformation is a TlvError; nothing reads past the input.
 */
export interface Tlv {
  readonly tag: number;
  /** A view into the decoded input (not a copy): copy it before mutating either. */
  readonly value: Uint8Array;
  /** X.690 §8.1.2.5: bit 6 of the first tag byte; the value is itself a sequence of TLVs. */
  readonly constructed: boolean;
}

const MAX_TAG_BYTES = 4;
const MAX_LENGTH_BYTES = 3;
const MULTI_BYTE_TAG = 0x1f;
const CONSTRUCTED = 0x20;
const MORE_TAG_BYTES = 0x80;
const LONG_LENGTH = 0x80;

/** Tag bytes of `tag`, or a TlvError when they are not a valid BER tag of at most 4 bytes. */
export function tagBytes(tag: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 0xffffffff) throw new TlvError(-1, `invalid tag ${tag}`, null);
  const bytes: number[] = [];
  for (let rest = tag; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  const problem = tagProblem(bytes);
  if (problem) throw new TlvError(-1, `invalid tag ${tag.toString(16)}: ${problem}`, tag);
  return Uint8Array.from(bytes);
}

/** Why a byte sequence is not one complete BER tag, or undefined when it is. */
function tagProblem(bytes: readonly number[]): string | undefined {
  const first = bytes[0] ?? 0;
  // ISO 7816-4 §5.2.2.1: 00 and FF are padding, never the first byte of a tag.
  if (first === 0x00 || first === 0xff) return 'first byte 00/FF is padding';
  if ((first & MULTI_BYTE_TAG) !== MULTI_BYTE_TAG) return bytes.length === 1 ? undefined : 'first byte says one byte';
  if (bytes.length < 2) return 'multi-byte tag without subsequent bytes';
  // X.690 §8.1.2.4.2 c: the first subsequent byte must not be 80 (a leading zero group).
  if (bytes[1] === MORE_TAG_BYTES) return 'subsequent byte 80';
  for (let i = 1; i < bytes.length; i++) {
    const last = i === bytes.length - 1;
    if (((bytes[i]! & MORE_TAG_BYTES) === 0) !== last) return 'continuation bits do not end at the last byte';
  }
  return undefined;
}

/** The length field (X.690 §8.1.3, definite form only). */
function lengthBytes(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  if (length <= 0xffff) return Uint8Array.of(0x82, length >> 8, length & 0xff);
  if (length <= 0xffffff) return Uint8Array.of(0x83, length >> 16, (length >> 8) & 0xff, length & 0xff);
  throw new TlvError(-1, `value of ${length} bytes is longer than a 3-byte length allows`);
}

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes(tagBytes(tag), lengthBytes(value.length), value);
}

export function encodeTlvs(items: ReadonlyArray<readonly [number, Uint8Array]>): Uint8Array<ArrayBuffer> {
  return concatBytes(...items.map(([tag, value]) => encodeTlv(tag, value)));
}

/** Decodes one TLV at `offset`; returns it and the offset just past it. */
function decodeAt(bytes: Uint8Array, offset: number): { tlv: Tlv; next: number } {
  let pos = offset;
  const first = bytes[pos++]!;
  const tagList = [first];
  if ((first & MULTI_BYTE_TAG) === MULTI_BYTE_TAG) {
    for (;;) {
      if (pos >= bytes.length) throw new TlvError(offset, 'tag runs past the end');
      const b = bytes[pos++]!;
      tagList.push(b);
      if ((b & MORE_TAG_BYTES) === 0) break;
      if (tagList.length >= MAX_TAG_BYTES) throw new TlvError(offset, `tag longer than ${MAX_TAG_BYTES} bytes`);
    }
  }
  const problem = tagProblem(tagList);
  if (problem) throw new TlvError(offset, `invalid tag: ${problem}`);
  const tag = tagList.reduce((acc, b) => acc * 256 + b, 0);

  if (pos >= bytes.length) throw new TlvError(pos, 'length missing', tag);
  const lead = bytes[pos++]!;
  let length = lead;
  if (lead & LONG_LENGTH) {
    const count = lead & 0x7f;
    // X.690 §8.1.3.6: 80 is the indefinite form, which ISO 7816-4 §5.2.2.2 does not allow.
    if (count === 0) throw new TlvError(pos - 1, 'indefinite length', tag);
    if (count > MAX_LENGTH_BYTES) throw new TlvError(pos - 1, `length field of ${count} bytes`, tag);
    if (pos + count > bytes.length) throw new TlvError(pos - 1, 'length field runs past the end', tag);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
  }
  if (length > bytes.length - pos) {
    throw new TlvError(pos, `value of ${length} bytes runs past the end (${bytes.length - pos} left)`, tag);
  }
  const value = bytes.subarray(pos, pos + length);
  return { tlv: { tag, value, constructed: (first & CONSTRUCTED) !== 0 }, next: pos + length };
}

/** Decodes a whole byte string as consecutive TLVs; any malformation, including trailing bytes, is a TlvError. */
export function decodeTlvs(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const { tlv, next } = decodeAt(bytes, offset);
    out.push(tlv);
    offset = next;
  }
  return out;
}

/** Decodes exactly one TLV spanning the whole input. */
export function decodeTlv(bytes: Uint8Array): Tlv {
  if (bytes.length === 0) throw new TlvError(0, 'empty input, expected one TLV');
  const { tlv, next } = decodeAt(bytes, 0);
  if (next !== bytes.length) throw new TlvError(next, `${bytes.length - next} bytes after the TLV`, tlv.tag);
  return tlv;
}

export function findTlv(items: readonly Tlv[], tag: number): Tlv | undefined {
  return items.find((item) => item.tag === tag);
}

export function requireTlv(items: readonly Tlv[], tag: number): Tlv {
  const found = findTlv(items, tag);
  if (!found) throw new TlvError(-1, `required tag ${tag.toString(16).toUpperCase()} missing`, tag);
  return found;
}
