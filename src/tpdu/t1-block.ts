/**
 * T=1 block codec (ISO/IEC 7816-3 §11.3): prologue NAD PCB LEN, information field INF, epilogue EDC.
 * Pure functions: `encodeT1Block` builds the bytes, `decodeT1Block` checks them and throws only
 * `T1BlockFormatError` (the engine answers such a block with an R-block, §11.6.3 rule 7.1).
 */
import { concatBytes } from '../shared/bytes';
import { computeEdc, edcLength, type EdcKind } from './edc';
import { T1BlockFormatError } from './tpdu-errors';

/** §11.3.2.2 Table 11: S-block functions (PCB bits 5–1). */
export const S_BLOCK = { Resynch: 0x00, Ifs: 0x01, Abort: 0x02, Wtx: 0x03 } as const;
export type SBlockType = (typeof S_BLOCK)[keyof typeof S_BLOCK];

/** §11.3.2.2: R-block error indication (PCB bits 4–1). */
export const R_ERROR = { None: 0x00, Edc: 0x01, Other: 0x02 } as const;
export type RBlockError = (typeof R_ERROR)[keyof typeof R_ERROR];

/** PCB layout (§11.3.2.2). */
const PCB = {
  IBlockMask: 0x80,
  ISequence: 0x40,
  IMore: 0x20,
  RBlock: 0x80,
  RSequence: 0x10,
  SBlock: 0xc0,
  SResponse: 0x20,
  KindMask: 0xc0,
} as const;

/** §11.3.2.3: LEN FF is reserved; INF holds 0–254 bytes. */
export const T1_MAX_INF = 254;
/** §11.4.2: IFSC/IFSD values 01–FE. */
export const IFS_RANGE = { min: 1, max: 254 } as const;
/** §11.4.2: the IFSD until an S(IFS) exchange says otherwise. */
export const DEFAULT_IFSD = 32;

export type T1Block =
  | { readonly kind: 'I'; readonly ns: 0 | 1; readonly more: boolean; readonly inf: Uint8Array }
  | { readonly kind: 'R'; readonly nr: 0 | 1; readonly error: RBlockError }
  | { readonly kind: 'S'; readonly type: SBlockType; readonly response: boolean; readonly inf: Uint8Array };

export interface DecodedT1Block {
  readonly nad: number;
  readonly block: T1Block;
}

export const iBlock = (ns: 0 | 1, more: boolean, inf: Uint8Array): T1Block => ({ kind: 'I', ns, more, inf });
export const rBlock = (nr: 0 | 1, error: RBlockError = R_ERROR.None): T1Block => ({ kind: 'R', nr, error });
export const sBlock = (type: SBlockType, response: boolean, inf: Uint8Array = new Uint8Array(0)): T1Block => ({
  kind: 'S',
  type,
  response,
  inf,
});

function pcbOf(block: T1Block): number {
  switch (block.kind) {
    case 'I':
      return (block.ns ? PCB.ISequence : 0) | (block.more ? PCB.IMore : 0);
    case 'R':
      return PCB.RBlock | (block.nr ? PCB.RSequence : 0) | block.error;
    case 'S':
      return PCB.SBlock | (block.response ? PCB.SResponse : 0) | block.type;
  }
}

/** Builds one block; NAD 0 unless told (no node addressing: CCID dwFeatures bit 0x200 is rarely set). */
export function encodeT1Block(block: T1Block, edc: EdcKind, nad = 0): Uint8Array<ArrayBuffer> {
  const inf = block.kind === 'R' ? new Uint8Array(0) : block.inf;
  if (inf.length > T1_MAX_INF) throw new RangeError(`T=1 INF of ${inf.length} bytes exceeds ${T1_MAX_INF}`);
  const body = concatBytes(Uint8Array.of(nad, pcbOf(block), inf.length), inf);
  return concatBytes(body, computeEdc(edc, body));
}

function fail(fault: ConstructorParameters<typeof T1BlockFormatError>[0], message: string): never {
  throw new T1BlockFormatError(fault, message);
}

/** §11.3.2.2 Table 11: which S-blocks carry one INF byte, and its valid range. */
function checkSBlock(type: number, response: boolean, inf: Uint8Array): SBlockType {
  if (type === S_BLOCK.Resynch || type === S_BLOCK.Abort) {
    if (inf.length !== 0) fail('bad-s-block', `S-block 0x${type.toString(16)} must have no INF`);
    return type;
  }
  if (type === S_BLOCK.Ifs) {
    const value = inf[0] ?? 0;
    if (inf.length !== 1 || value < IFS_RANGE.min || value > IFS_RANGE.max) fail('bad-s-block', 'S(IFS) needs one INF byte 01–FE');
    return type;
  }
  if (type === S_BLOCK.Wtx) {
    if (inf.length !== 1 || inf[0] === 0) fail('bad-s-block', 'S(WTX) needs one non-zero INF byte');
    return type;
  }
  return fail('reserved-pcb', `S-block function 0x${type.toString(16)} (${response ? 'response' : 'request'}) is reserved`);
}

/**
 * Checks and splits one received block. `maxInf` is the receiver's capacity (IFSD for the host, IFSC for the
 * card); the EDC is checked before anything else so a corrupted PCB reads as an EDC error (§11.6.3 rule 7.1).
 */
export function decodeT1Block(bytes: Uint8Array, edc: EdcKind, maxInf: number = T1_MAX_INF): DecodedT1Block {
  const epilogue = edcLength(edc);
  if (bytes.length < 3 + epilogue) fail('too-short', `T=1 block of ${bytes.length} bytes is shorter than its prologue and EDC`);
  const len = bytes[2] as number;
  if (bytes.length !== 3 + len + epilogue) {
    fail('length-mismatch', `T=1 LEN ${len} does not match a block of ${bytes.length} bytes`);
  }
  const body = bytes.subarray(0, 3 + len);
  const expected = computeEdc(edc, body);
  const received = bytes.subarray(3 + len);
  if (expected.some((b, i) => b !== received[i])) fail('bad-edc', 'T=1 block EDC does not match');
  if (len === 0xff) fail('reserved-length', 'T=1 LEN FF is reserved');
  if (len > maxInf) fail('inf-too-long', `T=1 INF of ${len} bytes exceeds the receiver's ${maxInf}`);
  const nad = bytes[0] as number;
  const pcb = bytes[1] as number;
  const inf = bytes.slice(3, 3 + len);
  // I-block: b8 = 0; b7 = N(S); b6 = M. Bits 5–1 are RFU; we ignore them as libccid does, to be liberal.
  if ((pcb & PCB.IBlockMask) === 0) {
    return { nad, block: iBlock((pcb & PCB.ISequence) !== 0 ? 1 : 0, (pcb & PCB.IMore) !== 0, inf) };
  }
  if ((pcb & PCB.KindMask) === PCB.RBlock) {
    const error = pcb & 0x0f;
    // b6 is 0 and the error codes 3–F are reserved; an R-block carries no INF.
    if ((pcb & 0x20) !== 0 || error > R_ERROR.Other) fail('reserved-pcb', `R-block PCB 0x${pcb.toString(16)} is reserved`);
    if (len !== 0) fail('length-mismatch', 'an R-block carries no INF');
    return { nad, block: rBlock((pcb & PCB.RSequence) !== 0 ? 1 : 0, error as RBlockError) };
  }
  const response = (pcb & PCB.SResponse) !== 0;
  const type = checkSBlock(pcb & 0x1f, response, inf);
  return { nad, block: sBlock(type, response, inf) };
}

/** Short text of a block for traces and error messages, e.g. "I(1,M)", "R(0,edc)", "S(WTX req 02)". */
export function describeT1Block(block: T1Block): string {
  if (block.kind === 'I') return `I(${block.ns}${block.more ? ',M' : ''}) ${block.inf.length}B`;
  if (block.kind === 'R') return `R(${block.nr}${['', ',edc', ',other'][block.error]})`;
  const names = ['RESYNCH', 'IFS', 'ABORT', 'WTX'];
  const value = block.inf.length > 0 ? ` ${(block.inf[0] as number).toString(16).padStart(2, '0')}` : '';
  return `S(${names[block.type]} ${block.response ? 'resp' : 'req'}${value})`;
}
