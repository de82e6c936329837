/**
 * Strict DER (ITU-T X.690 §10–11) for certificates presented at login, checked before anything parses them:
 * definite, minimal lengths (§10.1, §8.1.3.5 note), one element with nothing after it, BOOLEAN TRUE as FF
 * (§11.1), minimal INTEGER encoding (§8.3.2), and a depth limit against deeply nested input. BER leniencies
 * are where parsers disagree, and a verifier must not accept what another would read differently.
 */

const BOOLEAN = 0x01;
const INTEGER = 0x02;
const CONSTRUCTED = 0x20;

/** Returns the end offset of the element at `offset`, or -1 when it is not strict DER. */
function element(bytes: Uint8Array, offset: number, end: number, depth: number, maxDepth: number): number {
  if (depth > maxDepth || offset + 2 > end) return -1;
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) return -1; // high tag numbers do not occur in X.509
  let length = bytes[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3 || offset + 2 + count > end) return -1; // indefinite (BER) or absurd
    if (bytes[offset + 2] === 0) return -1; // leading zero length byte: not minimal
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i]!;
    if (length < 0x80) return -1; // long form for a short length: not minimal
    header += count;
  }
  const start = offset + header;
  const stop = start + length;
  if (stop > end) return -1;
  if (tag === BOOLEAN && (length !== 1 || (bytes[start] !== 0x00 && bytes[start] !== 0xff))) return -1;
  if (tag === INTEGER) {
    if (length === 0) return -1;
    if (length > 1) {
      const [first, second] = [bytes[start]!, bytes[start + 1]!];
      if ((first === 0x00 && second < 0x80) || (first === 0xff && second >= 0x80)) return -1;
    }
  }
  if (tag & CONSTRUCTED) {
    let inner = start;
    while (inner < stop) {
      inner = element(bytes, inner, stop, depth + 1, maxDepth);
      if (inner < 0) return -1;
    }
  }
  return stop;
}

/** True when `bytes` is exactly one strict-DER element nested at most `maxDepth` deep. Never throws. */
export function isStrictDer(bytes: Uint8Array, maxDepth = 24): boolean {
  return element(bytes, 0, bytes.length, 0, maxDepth) === bytes.length;
}
