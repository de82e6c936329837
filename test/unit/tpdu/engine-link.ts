/**
 * Wires the host engines (src/tpdu) to the card engines (src/virtual/virtual-token/tpdu) the way a TPDU-level CCID
 * reader would — one XfrBlock = one block/TPDU and its answer — with optional faults on the wire.
 */
import { computeEdc } from '../../../src/tpdu/edc';
import type { BlockExchange } from '../../../src/tpdu/t1-driver';
import type { TpduCard } from '../../../src/virtual/virtual-token/tpdu/tpdu-card';

export type WireFault =
  | 'corrupt-to-card' // a bit of the host's block flips (the card sees a bad EDC)
  | 'corrupt-to-host'
  | 'lost-to-card' // the card never sees the block: the reader reports it mute
  | 'lost-to-host' // the card acts on the block but its answer is lost
  | 'wrong-ns-to-card' // N(S) of an I-block flipped, EDC recomputed
  | 'wrong-ns-to-host';

export const WIRE_FAULTS: readonly WireFault[] = ['corrupt-to-card', 'corrupt-to-host', 'lost-to-card', 'lost-to-host', 'wrong-ns-to-card', 'wrong-ns-to-host'];

export interface Wire {
  readonly exchange: BlockExchange;
  /** Round trips so far, with the timeout and WTX multiplier the host asked for. */
  readonly log: { timeoutMs: number; multiplier: number }[];
}

/** Hard stop against a runaway engine: a test fails instead of hanging. */
const MAX_ROUND_TRIPS = 5_000;

function flipNs(block: Uint8Array, crc: boolean): Uint8Array {
  const out = block.slice();
  if (out.length < 4 || ((out[1] as number) & 0x80) !== 0) return corrupt(out);
  out[1] = (out[1] as number) ^ 0x40;
  const body = out.subarray(0, out.length - (crc ? 2 : 1));
  out.set(computeEdc(crc ? 'crc' : 'lrc', body), body.length);
  return out;
}

function corrupt(block: Uint8Array): Uint8Array {
  const out = block.slice();
  if (out.length > 0) out[out.length - 1] = (out[out.length - 1] as number) ^ 0x01;
  return out;
}

/** `faults.get(n)` applies to round trip n (0-based). */
export function wire(card: TpduCard, faults: ReadonlyMap<number, WireFault> = new Map(), crc = false): Wire {
  const log: { timeoutMs: number; multiplier: number }[] = [];
  const exchange: BlockExchange = async (block, timeoutMs, multiplier) => {
    const n = log.length;
    if (n >= MAX_ROUND_TRIPS) throw new Error('runaway: too many round trips');
    log.push({ timeoutMs, multiplier });
    const fault = faults.get(n);
    if (fault === 'lost-to-card') return null;
    const toCard = fault === 'corrupt-to-card' ? corrupt(block) : fault === 'wrong-ns-to-card' ? flipNs(block, crc) : block;
    const answer = await card.exchange(toCard);
    if (answer === null || fault === 'lost-to-host') return null;
    if (fault === 'corrupt-to-host') return corrupt(answer);
    if (fault === 'wrong-ns-to-host') return flipNs(answer, crc);
    return answer;
  };
  return { exchange, log };
}
