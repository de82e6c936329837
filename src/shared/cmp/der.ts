/** Minimal DER writing for the wrappers CMP needs around bytes we keep exact (X.690 §8.1). */
import { concatBytes } from '../bytes/concat-bytes';

export function derLength(length: number): Uint8Array {
  if (length < 0x80) return new Uint8Array([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return new Uint8Array([0x80 | bytes.length, ...bytes]);
}

export function derTlv(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes(new Uint8Array([tag]), derLength(content.length), content);
}

/** SEQUENCE of already-encoded elements. */
export function derSequence(...elements: Uint8Array[]): Uint8Array {
  return derTlv(0x30, concatBytes(...elements));
}

/** Context-specific constructed [n] (EXPLICIT wrapper), n < 31. */
export function derExplicit(tagNumber: number, inner: Uint8Array): Uint8Array {
  return derTlv(0xa0 | tagNumber, inner);
}
