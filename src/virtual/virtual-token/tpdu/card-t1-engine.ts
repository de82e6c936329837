/**
 * The card side of T=1 (ISO/IEC 7816-3 §11.6) around an APDU-level `SmartCard`: receives chained commands
 * and acknowledges them with R-blocks, chains responses in IFSD-sized I-blocks, answers S(IFS), S(RESYNCH)
 * and S(ABORT), asks for S(WTX) when told to, and recovers from broken or lost blocks (rules 7.1–7.3) by
 * resending its last block or asking for the expected one. Independent of the host engine in src/tpdu/.
 */
import type { SmartCard } from '../smart-card';
import { answerPps } from './card-pps';
import { iPcb, PCB_BITS, readFrame, rPcb, S_FUNCTION, sPcb, writeFrame, type Frame } from './card-block';
import { buildTpduAtr, type TpduCard } from './tpdu-card';

export interface T1CardOptions {
  /** The card's receive buffer, announced as TA3 (default 254). Longer I-blocks are refused. */
  readonly ifsc?: number;
  readonly crc?: boolean;
  readonly bwi?: number;
  readonly cwi?: number;
  readonly ta1?: number;
  /** Offer T=0 as well in the ATR (HDZB style); the engine still speaks T=1 only. */
  readonly alsoOfferT0?: boolean;
  readonly historicalBytes?: Uint8Array;
  /** A command chain longer than this is aborted with S(ABORT request) (rule 9). */
  readonly maxCommandLength?: number;
  /** Before answering `command`, ask for this WTX multiplier first (0: answer at once). */
  readonly waitingTimeExtension?: (command: Uint8Array) => number;
}

type Mode = 'idle' | 'receiving' | 'sending' | 'awaiting-wtx' | 'awaiting-abort';
type LastKind = 'I' | 'R' | 'S-request' | 'S-response';

/** §11.4.2: the IFSD the card assumes until the reader's S(IFS request). */
const INITIAL_IFSD = 32;

export class T1CardEngine implements TpduCard {
  readonly protocol = 1 as const;
  readonly atr: Uint8Array;
  private readonly crc: boolean;
  private readonly ifsc: number;
  private readonly maxCommandLength: number;
  private expected: 0 | 1 = 0;
  private mine: 0 | 1 = 0;
  private ifsd = INITIAL_IFSD;
  private mode: Mode = 'idle';
  private incoming: Uint8Array[] = [];
  private incomingLength = 0;
  private outgoing: Uint8Array | null = null;
  private outgoingOffset = 0;
  private pendingAnswer: Uint8Array | null = null;
  private last: { bytes: Uint8Array; kind: LastKind } | null = null;
  private lastI: { bytes: Uint8Array; ns: 0 | 1 } | null = null;
  private afterReset = true;

  constructor(
    private readonly card: SmartCard,
    private readonly options: T1CardOptions = {},
  ) {
    this.crc = options.crc ?? false;
    this.ifsc = options.ifsc ?? 254;
    this.maxCommandLength = options.maxCommandLength ?? 65544;
    this.atr = buildTpduAtr({
      protocols: options.alsoOfferT0 ? [0, 1] : [1],
      ta1: options.ta1,
      ifsc: this.ifsc,
      bwi: options.bwi,
      cwi: options.cwi,
      crc: this.crc,
      historicalBytes: options.historicalBytes,
    });
  }

  async powerOn(): Promise<Uint8Array> {
    await this.card.powerOn();
    this.resetProtocol();
    this.afterReset = true;
    return this.atr.slice();
  }

  async powerOff(): Promise<void> {
    this.resetProtocol();
    await this.card.powerOff();
  }

  async exchange(bytes: Uint8Array): Promise<Uint8Array | null> {
    // §9.1: a PPS request (PPSS = FF) is only valid as the first exchange after the ATR.
    if (this.afterReset && bytes[0] === 0xff) {
      this.afterReset = false;
      return answerPps(bytes, 1, this.options.ta1);
    }
    this.afterReset = false;
    const verdict = readFrame(bytes, this.crc);
    if ('fault' in verdict) return this.onInvalid(verdict.fault === 'edc' ? 1 : 2);
    const frame = verdict.frame;
    if (frame.nad !== 0) return this.onInvalid(2);
    if ((frame.pcb & PCB_BITS.notI) === 0) return this.onI(frame);
    if ((frame.pcb & PCB_BITS.kind) === PCB_BITS.r) return this.onR(frame);
    return this.onS(frame);
  }

  private async onI(frame: Frame): Promise<Uint8Array> {
    const ns = ((frame.pcb >> 6) & 1) as 0 | 1;
    if (this.mode !== 'idle' && this.mode !== 'receiving') return this.onInvalid(2);
    if (ns !== this.expected || frame.inf.length > this.ifsc) return this.requestExpected(2);
    this.expected = this.expected === 0 ? 1 : 0;
    this.incoming.push(frame.inf);
    this.incomingLength += frame.inf.length;
    if (this.incomingLength > this.maxCommandLength) {
      this.dropBuffers();
      this.mode = 'awaiting-abort';
      return this.send(writeFrame(sPcb(S_FUNCTION.abort, false), new Uint8Array(0), this.crc), 'S-request');
    }
    if ((frame.pcb & PCB_BITS.iMore) !== 0) {
      this.mode = 'receiving';
      return this.send(writeFrame(rPcb(this.expected, 0), new Uint8Array(0), this.crc), 'R');
    }
    const command = joinParts(this.incoming, this.incomingLength);
    this.dropBuffers();
    this.mode = 'idle';
    const answer = await this.card.transmit(command);
    const multiplier = this.options.waitingTimeExtension?.(command) ?? 0;
    if (multiplier > 0) {
      this.pendingAnswer = answer;
      this.mode = 'awaiting-wtx';
      return this.send(writeFrame(sPcb(S_FUNCTION.wtx, false), Uint8Array.of(multiplier), this.crc), 'S-request');
    }
    return this.startAnswer(answer);
  }

  private onR(frame: Frame): Uint8Array {
    const nr = ((frame.pcb >> 4) & 1) as 0 | 1;
    if ((frame.pcb & 0x20) !== 0 || (frame.pcb & 0x0f) > 2 || frame.inf.length !== 0) return this.requestExpected(2);
    if (this.mode === 'sending' && this.lastI) {
      // Rule 5: R(N(R) ≠ our N(S)) acknowledges the chained block; R(our N(S)) asks for it again.
      return nr === this.lastI.ns ? this.send(this.lastI.bytes, 'I') : this.nextChunk();
    }
    if (this.last && (this.last.kind === 'R' || this.last.kind === 'S-request')) return this.send(this.last.bytes, this.last.kind);
    if (this.last?.kind === 'I' && this.lastI && nr === this.lastI.ns) return this.send(this.lastI.bytes, 'I');
    // The reader is missing an answer to a block we never got: tell it which N(S) we expect.
    return this.requestExpected(2);
  }

  private onS(frame: Frame): Uint8Array {
    const fn = frame.pcb & 0x1f;
    const value = frame.inf[0];
    if ((frame.pcb & PCB_BITS.sResponse) === 0) {
      if (fn === S_FUNCTION.ifs && frame.inf.length === 1 && value !== undefined && value >= 1 && value <= 254) {
        this.ifsd = value;
        return this.send(writeFrame(sPcb(fn, true), frame.inf, this.crc), 'S-response');
      }
      if (fn === S_FUNCTION.resynch && frame.inf.length === 0) {
        this.resetProtocol();
        return this.send(writeFrame(sPcb(fn, true), new Uint8Array(0), this.crc), 'S-response');
      }
      if (fn === S_FUNCTION.abort && frame.inf.length === 0) {
        this.dropBuffers();
        this.mode = 'idle';
        return this.send(writeFrame(sPcb(fn, true), new Uint8Array(0), this.crc), 'S-response');
      }
      return this.onInvalid(2);
    }
    if (fn === S_FUNCTION.wtx && this.mode === 'awaiting-wtx' && this.pendingAnswer && frame.inf.length === 1) {
      const answer = this.pendingAnswer;
      this.pendingAnswer = null;
      return this.startAnswer(answer);
    }
    if (fn === S_FUNCTION.abort && this.mode === 'awaiting-abort') {
      // Rule 9: after the abort, an R-block gives the reader its turn back.
      this.mode = 'idle';
      return this.send(writeFrame(rPcb(this.expected, 0), new Uint8Array(0), this.crc), 'R');
    }
    return this.onInvalid(2);
  }

  private startAnswer(answer: Uint8Array): Uint8Array {
    this.outgoing = answer;
    this.outgoingOffset = 0;
    return this.nextChunk();
  }

  private nextChunk(): Uint8Array {
    const data = this.outgoing ?? new Uint8Array(0);
    const end = Math.min(data.length, this.outgoingOffset + this.ifsd);
    const more = end < data.length;
    const bytes = writeFrame(iPcb(this.mine, more), data.subarray(this.outgoingOffset, end), this.crc);
    this.lastI = { bytes, ns: this.mine };
    this.mine = this.mine === 0 ? 1 : 0;
    this.outgoingOffset = end;
    this.mode = more ? 'sending' : 'idle';
    if (!more) this.outgoing = null;
    return this.send(bytes, 'I');
  }

  /** Rule 7.3: an S(request) of ours is resent after an invalid block; otherwise rule 7.1. */
  private onInvalid(code: 1 | 2): Uint8Array {
    if (this.last?.kind === 'S-request') return this.send(this.last.bytes, 'S-request');
    return this.requestExpected(code);
  }

  /** Rule 7.1: R(N(R) = the N(S) we expect) with the error code. */
  private requestExpected(code: 1 | 2): Uint8Array {
    return this.send(writeFrame(rPcb(this.expected, code), new Uint8Array(0), this.crc), 'R');
  }

  private send(bytes: Uint8Array, kind: LastKind): Uint8Array {
    this.last = { bytes, kind };
    return bytes;
  }

  private dropBuffers(): void {
    this.incoming = [];
    this.incomingLength = 0;
    this.outgoing = null;
    this.pendingAnswer = null;
  }

  /** Cold/warm reset and S(RESYNCH) (§11.6.3.2 rule 6.4): sequence numbers 0; IFSD back to 32 until announced again. */
  private resetProtocol(): void {
    this.expected = 0;
    this.mine = 0;
    this.ifsd = INITIAL_IFSD;
    this.mode = 'idle';
    this.last = null;
    this.lastI = null;
    this.dropBuffers();
  }
}

function joinParts(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
