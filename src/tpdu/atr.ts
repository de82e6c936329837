/**
 * Answer-to-Reset parsing (ISO/IEC 7816-3 §8.2): TS, T0, the TA/TB/TC/TD interface-byte chains, the protocols
 * the card offers, the historical bytes and the TCK check.
 */
import { AtrError } from './atr-errors';

/** ISO 7816-3 §8.1: an ATR has at most 32 bytes after TS. */
export const MAX_ATR_LENGTH = 33;
/** TS: direct convention 3B, inverse convention 3F (ISO 7816-3 §8.1). */
export const ATR_CONVENTION = { direct: 0x3b, inverse: 0x3f } as const;

export interface InterfaceBytes {
  readonly ta: number | null;
  readonly tb: number | null;
  readonly tc: number | null;
  readonly td: number | null;
}

export interface ParsedAtr {
  readonly convention: 'direct' | 'inverse';
  /** Groups i = 1, 2, … of interface bytes. */
  readonly interfaceBytes: readonly InterfaceBytes[];
  /** Protocols offered, in order of the TD bytes; T=0 when no TD1 (ISO 7816-3 §8.2.3). */
  readonly protocols: readonly number[];
  readonly historicalBytes: Uint8Array;
  /** Present when a protocol other than T=0 is offered; the XOR of T0…TCK is then 0 (§8.2.5). */
  readonly tck: number | null;
}

export function parseAtr(atr: Uint8Array): ParsedAtr {
  if (atr.length < 2) throw new AtrError('too-short', `ATR of ${atr.length} bytes`);
  if (atr.length > MAX_ATR_LENGTH) throw new AtrError('too-long', `ATR of ${atr.length} bytes exceeds 33`);
  const ts = atr[0];
  if (ts !== ATR_CONVENTION.direct && ts !== ATR_CONVENTION.inverse) {
    throw new AtrError('bad-ts', `ATR TS 0x${(ts ?? 0).toString(16)} is neither 3B nor 3F`);
  }
  const t0 = atr[1] as number;
  const historicalLength = t0 & 0x0f;
  const groups: InterfaceBytes[] = [];
  const protocols: number[] = [];
  let offset = 2;
  let y = t0 >> 4;
  const take = (present: boolean): number | null => {
    if (!present) return null;
    if (offset >= atr.length) throw new AtrError('truncated', 'ATR ends inside its interface bytes');
    return atr[offset++] as number;
  };
  for (;;) {
    const ta = take((y & 1) !== 0);
    const tb = take((y & 2) !== 0);
    const tc = take((y & 4) !== 0);
    const td = take((y & 8) !== 0);
    groups.push({ ta, tb, tc, td });
    if (td === null) break;
    protocols.push(td & 0x0f);
    y = td >> 4;
  }
  if (protocols.length === 0) protocols.push(0);
  if (offset + historicalLength > atr.length) {
    throw new AtrError('truncated', `ATR announces ${historicalLength} historical bytes that are not there`);
  }
  const historicalBytes = atr.slice(offset, offset + historicalLength);
  offset += historicalLength;
  const needsTck = protocols.some((t) => t !== 0);
  let tck: number | null = null;
  if (needsTck) {
    if (offset >= atr.length) throw new AtrError('missing-tck', 'ATR offers T≠0 but has no TCK');
    tck = atr[offset++] as number;
    let check = 0;
    for (let i = 1; i < offset; i++) check ^= atr[i] as number;
    if (check !== 0) throw new AtrError('bad-tck', `ATR TCK check gives 0x${check.toString(16)}, not 0`);
  }
  const offered = [...new Set(protocols.filter((t) => t !== 15))];
  if (offset !== atr.length) throw new AtrError('trailing-bytes', `ATR has ${atr.length - offset} extra bytes`);
  return {
    convention: ts === ATR_CONVENTION.direct ? 'direct' : 'inverse',
    interfaceBytes: groups,
    // T=15 only qualifies global interface bytes; it is not a transmission protocol (§8.2.3).
    protocols: offered.length > 0 ? offered : [0],
    historicalBytes,
    tck,
  };
}
