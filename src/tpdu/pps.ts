/**
 * Protocol and parameters selection (ISO/IEC 7816-3 §9): the request PPSS PPS0 [PPS1] PCK that asks the card
 * for a protocol and Fi/Di, and the check of the card's answer (§9.3). A TPDU-level CCID reader without
 * automatic PPS sends these bytes as one PC_to_RDR_XfrBlock right after the ATR.
 */
import { DEFAULT_FI_DI } from './fi-di';

/** §9.2: PPSS, and the PPS0 bits that announce PPS1/PPS2/PPS3. */
const PPSS = 0xff;
const PPS0_HAS = { pps1: 0x10, pps2: 0x20, pps3: 0x40 } as const;

/** Builds PPSS PPS0 PPS1 PCK for `protocol` (T, 0–14) and `fiDi` (the TA1 byte to use). */
export function buildPpsRequest(protocol: number, fiDi: number): Uint8Array<ArrayBuffer> {
  const bytes = Uint8Array.of(PPSS, PPS0_HAS.pps1 | (protocol & 0x0f), fiDi & 0xff, 0);
  bytes[3] = bytes[0]! ^ bytes[1]! ^ bytes[2]!;
  return bytes;
}

export type PpsVerdict =
  | { readonly accepted: true; readonly protocol: number; /** PPS1 echoed, or 11 (Fd, Dd) when the card left it out. */ readonly fiDi: number }
  | { readonly accepted: false; readonly reason: string };

interface PpsFields {
  readonly pps0: number;
  readonly optional: ReadonlyMap<number, number>;
}

/** Splits PPSS PPS0 [PPS1] [PPS2] [PPS3] PCK; null when the bytes do not add up or PCK is wrong (§9.2). */
function readPps(bytes: Uint8Array): PpsFields | null {
  if (bytes.length < 3 || bytes[0] !== PPSS) return null;
  const pps0 = bytes[1] as number;
  const optional = new Map<number, number>();
  let offset = 2;
  for (const bit of [PPS0_HAS.pps1, PPS0_HAS.pps2, PPS0_HAS.pps3]) {
    if ((pps0 & bit) === 0) continue;
    if (offset >= bytes.length) return null;
    optional.set(bit, bytes[offset++] as number);
  }
  if (offset !== bytes.length - 1) return null;
  let check = 0;
  for (const b of bytes) check ^= b;
  return check === 0 ? { pps0, optional } : null;
}

/**
 * §9.3: the exchange succeeded when the answer echoes PPSS and the protocol of PPS0, and each of PPS1–PPS3 it
 * carries echoes the request's (a PPS1 left out means the card keeps Fd/Dd). Anything else is a failure.
 */
export function checkPpsResponse(request: Uint8Array, response: Uint8Array): PpsVerdict {
  const asked = readPps(request);
  if (!asked) return { accepted: false, reason: 'the request itself is not a valid PPS' };
  const answer = readPps(response);
  if (!answer) return { accepted: false, reason: 'the answer is not a valid PPS (length or PCK)' };
  if ((answer.pps0 & 0x0f) !== (asked.pps0 & 0x0f)) return { accepted: false, reason: 'the card answered another protocol' };
  for (const [bit, value] of answer.optional) {
    if (asked.optional.get(bit) !== value) return { accepted: false, reason: `PPS byte 0x${bit.toString(16)} is not echoed` };
  }
  return { accepted: true, protocol: asked.pps0 & 0x0f, fiDi: answer.optional.get(PPS0_HAS.pps1) ?? DEFAULT_FI_DI };
}
