/**
 * The card's view of T=1 framing (ISO/IEC 7816-3 §11.3): NAD PCB LEN INF EDC. A card must answer any byte
 * string, so `readFrame` returns a verdict instead of throwing: a bad epilogue is an EDC error (R-block code 1),
 * any other malformation is "other" (code 2), per §11.6.3 rule 7.1.
 */
import { epilogue } from './card-checksum';

export interface Frame {
  readonly nad: number;
  readonly pcb: number;
  readonly inf: Uint8Array;
}

export type FrameVerdict = { readonly frame: Frame } | { readonly fault: 'edc' | 'other' };

/** PCB bits the card reads (§11.3.2.2). */
export const PCB_BITS = {
  notI: 0x80,
  iSequence: 0x40,
  iMore: 0x20,
  rSequence: 0x10,
  sResponse: 0x20,
  kind: 0xc0,
  r: 0x80,
  s: 0xc0,
} as const;

/** S-block functions of §11.3.2.2. */
export const S_FUNCTION = { resynch: 0, ifs: 1, abort: 2, wtx: 3 } as const;

export function readFrame(bytes: Uint8Array, crc: boolean): FrameVerdict {
  const trailer = crc ? 2 : 1;
  if (bytes.length < 3 + trailer) return { fault: 'other' };
  const len = bytes[2] as number;
  if (len === 0xff || bytes.length !== 3 + len + trailer) return { fault: 'other' };
  const expected = epilogue(crc, bytes.subarray(0, 3 + len));
  for (let i = 0; i < trailer; i++) if (bytes[3 + len + i] !== expected[i]) return { fault: 'edc' };
  return { frame: { nad: bytes[0] as number, pcb: bytes[1] as number, inf: bytes.slice(3, 3 + len) } };
}

export function writeFrame(pcb: number, inf: Uint8Array, crc: boolean): Uint8Array {
  const head = new Uint8Array(3 + inf.length);
  head[1] = pcb;
  head[2] = inf.length;
  head.set(inf, 3);
  return Uint8Array.from([...head, ...epilogue(crc, head)]);
}

export const iPcb = (ns: 0 | 1, more: boolean): number => (ns << 6) | (more ? PCB_BITS.iMore : 0);
export const rPcb = (nr: 0 | 1, code: 0 | 1 | 2): number => PCB_BITS.r | (nr << 4) | code;
export const sPcb = (fn: number, response: boolean): number => PCB_BITS.s | (response ? PCB_BITS.sResponse : 0) | fn;
