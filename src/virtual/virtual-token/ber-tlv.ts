/**
 * BER-TLV as smart cards use it (ISO/IEC 7816-4 §5.2, coding from ISO/IEC 8825-1 §8.1): tags of 1–3 bytes
 * (low five bits 1F = more tag bytes follow, b8 set = another one after that), definite lengths in short form
 * or 81/82/83 long form. The card must answer ANY bytes, so every malformed input throws
 * `VirtualCardStatusError` 6A80, never a RangeError.
 */
import { reject } from './card-status';
import { SW } from './status-words';

export interface CardTlv {
  readonly tag: number;
  readonly value: Uint8Array;
}

const MORE_TAG_BYTES = 0x1f;
const NEXT_TAG_BYTE = 0x80;
const MAX_TAG_BYTES = 3;
/** 81 xx, 82 xx xx, 83 xx xx xx; 80 (indefinite) is BER but not allowed in 7816-4 data objects. */
const MAX_LENGTH_BYTES = 3;

function readTag(bytes: Uint8Array, start: number): { tag: number; next: number } {
  let at = start;
  const first = bytes[at++]!;
  let tag = first;
  if ((first & MORE_TAG_BYTES) === MORE_TAG_BYTES) {
    let byte: number;
    do {
      if (at >= bytes.length) return reject(SW.INCORRECT_DATA, 'tag runs past the end');
      if (at - start >= MAX_TAG_BYTES) return reject(SW.INCORRECT_DATA, 'tag longer than 3 bytes');
      byte = bytes[at++]!;
      tag = tag * 256 + byte;
    } while (byte & NEXT_TAG_BYTE);
  }
  return { tag, next: at };
}

function readLength(bytes: Uint8Array, start: number): { length: number; next: number } {
  if (start >= bytes.length) return reject(SW.INCORRECT_DATA, 'length missing');
  const first = bytes[start]!;
  if (first < 0x80) return { length: first, next: start + 1 };
  const count = first & 0x7f;
  if (count === 0 || count > MAX_LENGTH_BYTES) return reject(SW.INCORRECT_DATA, 'unsupported length form');
  if (start + 1 + count > bytes.length) return reject(SW.INCORRECT_DATA, 'length runs past the end');
  let length = 0;
  for (let i = 1; i <= count; i++) length = length * 256 + bytes[start + i]!;
  return { length, next: start + 1 + count };
}

/** Every TLV at this level, values as views into `bytes`. */
export function decodeBerTlvs(bytes: Uint8Array): CardTlv[] {
  const out: CardTlv[] = [];
  let at = 0;
  while (at < bytes.length) {
    const { tag, next } = readTag(bytes, at);
    const { length, next: valueStart } = readLength(bytes, next);
    if (valueStart + length > bytes.length) return reject(SW.INCORRECT_DATA, 'value runs past the end');
    out.push({ tag, value: bytes.subarray(valueStart, valueStart + length) });
    at = valueStart + length;
  }
  return out;
}

function tagBytes(tag: number): number[] {
  const out: number[] = [];
  let rest = tag;
  do {
    out.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  return out;
}

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  if (length <= 0xff) return [0x81, length];
  if (length <= 0xffff) return [0x82, length >> 8, length & 0xff];
  return [0x83, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff];
}

export function encodeBerTlv(tag: number, value: Uint8Array): Uint8Array {
  const head = [...tagBytes(tag), ...lengthBytes(value.length)];
  const out = new Uint8Array(head.length + value.length);
  out.set(head);
  out.set(value, head.length);
  return out;
}
