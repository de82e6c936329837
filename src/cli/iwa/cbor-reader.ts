/**
 * The small part of CBOR (RFC 8949 §3) a Signed Web Bundle integrity block uses: unsigned integers, byte and
 * text strings, arrays and maps, definite lengths only — each item with its byte range, because signatures
 * cover the raw bytes, not a re-encoding. Anything else is an IntegrityBlockError.
 */
import { IntegrityBlockError } from './iwa-errors';

export type CborValue = number | string | Uint8Array | readonly CborItem[] | ReadonlyMap<string | number, CborItem>;

export interface CborItem {
  readonly value: CborValue;
  readonly start: number;
  readonly end: number;
}

const MAX_DEPTH = 16;
const utf8 = new TextDecoder('utf-8', { fatal: true });

interface Head {
  readonly major: number;
  readonly argument: number;
  readonly next: number;
}

/** RFC 8949 §3: initial byte = major type (3 bits) + additional information (5 bits), then 0–8 argument bytes. */
function readHead(bytes: Uint8Array, pos: number): Head {
  const initial = bytes[pos];
  if (initial === undefined) throw new IntegrityBlockError(`truncated at byte ${pos}`);
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (info < 24) return { major, argument: info, next: pos + 1 };
  if (info > 27) throw new IntegrityBlockError(`indefinite or reserved length at byte ${pos}`);
  const size = 1 << (info - 24);
  if (pos + 1 + size > bytes.length) throw new IntegrityBlockError(`truncated argument at byte ${pos}`);
  let argument = 0;
  for (let i = 0; i < size; i++) argument = argument * 256 + bytes[pos + 1 + i]!;
  if (!Number.isSafeInteger(argument)) throw new IntegrityBlockError(`argument too large at byte ${pos}`);
  return { major, argument, next: pos + 1 + size };
}

function readString(bytes: Uint8Array, head: Head): Uint8Array {
  const end = head.next + head.argument;
  if (end > bytes.length) throw new IntegrityBlockError(`string runs past the end at byte ${head.next}`);
  return bytes.subarray(head.next, end);
}

function readItemAt(bytes: Uint8Array, pos: number, depth: number): CborItem {
  if (depth > MAX_DEPTH) throw new IntegrityBlockError('nesting too deep');
  const head = readHead(bytes, pos);
  switch (head.major) {
    case 0:
      return { value: head.argument, start: pos, end: head.next };
    case 2: {
      const raw = readString(bytes, head);
      return { value: raw, start: pos, end: head.next + raw.length };
    }
    case 3: {
      const raw = readString(bytes, head);
      let value: string;
      try {
        value = utf8.decode(raw);
      } catch (cause) {
        throw new IntegrityBlockError(`text string is not UTF-8 at byte ${pos}`, { cause });
      }
      return { value, start: pos, end: head.next + raw.length };
    }
    case 4: {
      const items: CborItem[] = [];
      let next = head.next;
      for (let i = 0; i < head.argument; i++) {
        const item = readItemAt(bytes, next, depth + 1);
        items.push(item);
        next = item.end;
      }
      return { value: items, start: pos, end: next };
    }
    case 5: {
      const map = new Map<string | number, CborItem>();
      let next = head.next;
      for (let i = 0; i < head.argument; i++) {
        const key = readItemAt(bytes, next, depth + 1);
        if (typeof key.value !== 'string' && typeof key.value !== 'number') throw new IntegrityBlockError(`map key at byte ${next} is not a string or integer`);
        const value = readItemAt(bytes, key.end, depth + 1);
        map.set(key.value, value);
        next = value.end;
      }
      return { value: map, start: pos, end: next };
    }
    default:
      throw new IntegrityBlockError(`CBOR major type ${head.major} at byte ${pos} is not used by integrity blocks`);
  }
}

/** Reads the first CBOR item of `bytes` (trailing bytes are the caller's business: the web bundle follows). */
export function readCborItem(bytes: Uint8Array, pos = 0): CborItem {
  return readItemAt(bytes, pos, 0);
}
