/**
 * Where a PKCS#15 object lives (ISO 7816-15 §8.2.4 Path): a file path, absolute when it starts with the MF's
 * 3F00, else relative to the application DF; `index`/`length` pick a part of a transparent file.
 */
import type { Pkcs15Path } from './asn1';
import { FID, MAX_BINARY_OFFSET } from './constants';
import { Pkcs15DataError } from './errors';

export interface ObjectPath {
  /** File identifiers, two bytes each. */
  readonly path: Uint8Array;
  readonly index: number | null;
  readonly length: number | null;
}

export function objectPath(decoded: Pkcs15Path, context: string): ObjectPath {
  const path = new Uint8Array(decoded.path);
  // §8.2.4: a path is a concatenation of 2-byte file identifiers (a 1-byte form is a SFI, not used here).
  if (path.length === 0 || path.length % 2 !== 0) throw new Pkcs15DataError(context, `path of ${path.length} bytes`);
  return { path, index: offsetOrNull(decoded.index, context), length: offsetOrNull(decoded.length, context) };
}

/** index and length address a transparent file, which ISO 7816-4 §11.2.3 offsets keep below 32768. */
function offsetOrNull(value: unknown, context: string): number | null {
  if (value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_BINARY_OFFSET + 1) {
    throw new Pkcs15DataError(context, `path index or length ${String(value)}`);
  }
  return value;
}

export function isAbsolute(path: Uint8Array): boolean {
  return path.length >= 2 && ((path[0]! << 8) | path[1]!) === FID.MF;
}

/** The bytes of a whole file that a path's index/length select (the whole file when neither is given). */
export function partOf(file: Uint8Array, where: ObjectPath, context: string): Uint8Array {
  if (where.index === null) return file;
  const end = where.length === null ? file.length : where.index + where.length;
  if (where.index > file.length || end > file.length) throw new Pkcs15DataError(context, `part ${where.index}+${where.length} past the file's ${file.length} bytes`);
  return file.subarray(where.index, end);
}
