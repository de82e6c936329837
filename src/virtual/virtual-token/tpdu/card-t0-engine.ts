/**
 * The card side of T=0 (ISO/IEC 7816-3 §10.3, §12.2) around an APDU-level `SmartCard`, as a TPDU-level CCID
 * reader presents it: one TPDU (header + P3 [+ data]) in, data + SW1 SW2 out, the procedure bytes handled by
 * the reader. Like a real T=0 card it knows from INS which way the data flows: for an "outgoing" INS, P3 is
 * Le and a wrong Le gets 6Cxx (the answer kept for the re-send, so the command runs once); otherwise P3 is
 * Lc and a response waits behind 61xx for GET RESPONSE. Independent of the host engine in src/tpdu/.
 */
import type { SmartCard } from '../smart-card';
import { answerPps } from './card-pps';
import { buildTpduAtr, type TpduCard } from './tpdu-card';

/**
 * INS whose data flows from the card (ISO/IEC 7816-4 Table 4 case 2 commands, plus the YubiKey PIV ones):
 * GET CHALLENGE 84, READ BINARY B0/B1, READ RECORD B2/B3, GET RESPONSE C0, GET DATA CA, GET METADATA F7,
 * GET SERIAL F8, ATTEST F9, GET VERSION FD.
 */
export const ISO_OUTGOING_INS: ReadonlySet<number> = new Set([0x84, 0xb0, 0xb1, 0xb2, 0xb3, 0xc0, 0xca, 0xf7, 0xf8, 0xf9, 0xfd]);

export interface T0CardOptions {
  readonly outgoingInstructions?: ReadonlySet<number>;
  readonly ta1?: number;
  readonly waitingInteger?: number;
  readonly historicalBytes?: Uint8Array;
}

const INS_GET_RESPONSE = 0xc0;
const MAX_SHORT = 256;
const sw = (sw1: number, sw2: number): Uint8Array => Uint8Array.of(sw1, sw2 & 0xff);

export class T0CardEngine implements TpduCard {
  readonly protocol = 0 as const;
  readonly atr: Uint8Array;
  private readonly outgoing: ReadonlySet<number>;
  /** Response data waiting for GET RESPONSE, and the card's final status for it. */
  private pending: { data: Uint8Array; offset: number; status: Uint8Array } | null = null;
  /** A case 2 answer whose length differed from Le, kept for the re-send after 6Cxx. */
  private kept: { header: string; answer: Uint8Array } | null = null;
  private afterReset = true;

  constructor(
    private readonly card: SmartCard,
    private readonly options: T0CardOptions = {},
  ) {
    this.outgoing = options.outgoingInstructions ?? ISO_OUTGOING_INS;
    this.atr = buildTpduAtr({ protocols: [0], ta1: options.ta1, waitingInteger: options.waitingInteger, historicalBytes: options.historicalBytes });
  }

  async powerOn(): Promise<Uint8Array> {
    await this.card.powerOn();
    this.pending = null;
    this.kept = null;
    this.afterReset = true;
    return this.atr.slice();
  }

  async powerOff(): Promise<void> {
    this.pending = null;
    this.kept = null;
    await this.card.powerOff();
  }

  async exchange(tpdu: Uint8Array): Promise<Uint8Array | null> {
    if (this.afterReset && tpdu[0] === 0xff) {
      this.afterReset = false;
      return answerPps(tpdu, 0, this.options.ta1);
    }
    this.afterReset = false;
    // A TPDU is always a 5-byte header; CLA FF is PPS, INS 6X/9X read as procedure bytes (§10.3.2).
    if (tpdu.length < 5) return sw(0x67, 0x00);
    const ins = tpdu[1] as number;
    if ((ins & 0xf0) === 0x60 || (ins & 0xf0) === 0x90) return sw(0x6d, 0x00);
    const p3 = tpdu[4] as number;
    const body = tpdu.subarray(5);
    const header = Array.from(tpdu.subarray(0, 4)).join(',');
    const kept = this.kept;
    this.kept = null;
    if (ins === INS_GET_RESPONSE && this.pending) return this.servePending(p3 || MAX_SHORT, body.length);
    this.pending = null;
    if (this.outgoing.has(ins)) {
      if (body.length !== 0) return sw(0x67, 0x00);
      const le = p3 || MAX_SHORT;
      if (kept && kept.header === header && kept.answer.length - 2 === le) return kept.answer;
      const answer = await this.card.transmit(tpdu);
      const length = answer.length - 2;
      if (length <= 0 || length === le) return answer;
      if (length < le) {
        // §12.2.3: Le not accepted, La indicated; the re-send with P3 = La gets this very answer.
        this.kept = { header, answer };
        return sw(0x6c, length);
      }
      this.pending = { data: answer.subarray(le, length), offset: 0, status: answer.subarray(length) };
      return Uint8Array.from([...answer.subarray(0, le), 0x61, Math.min(length - le, MAX_SHORT) & 0xff]);
    }
    if (body.length !== p3) return sw(0x67, 0x00);
    // The card cannot know Ne under T=0: ask the APDU-level card for up to 256 bytes (case 4 short).
    const command = p3 === 0 ? tpdu.subarray(0, 4) : Uint8Array.from([...tpdu, 0x00]);
    const answer = await this.card.transmit(command);
    const length = answer.length - 2;
    if (length <= 0) return answer;
    this.pending = { data: answer.subarray(0, length), offset: 0, status: answer.subarray(length) };
    return sw(0x61, length);
  }

  /** GET RESPONSE (ISO/IEC 7816-4 §7.6.1): Le bytes of the waiting data; 6Cxx when Le asks for more than there is. */
  private servePending(le: number, bodyLength: number): Uint8Array {
    const pending = this.pending as NonNullable<T0CardEngine['pending']>;
    if (bodyLength !== 0) return sw(0x67, 0x00);
    const left = pending.data.length - pending.offset;
    if (le > left) return sw(0x6c, left);
    const chunk = pending.data.subarray(pending.offset, pending.offset + le);
    pending.offset += le;
    const rest = left - le;
    if (rest === 0) {
      this.pending = null;
      return Uint8Array.from([...chunk, ...pending.status]);
    }
    // Still more: what we hold plus what the card itself announced with 61xx.
    const cardMore = pending.status[0] === 0x61 ? (pending.status[1] as number) || MAX_SHORT : 0;
    return Uint8Array.from([...chunk, 0x61, Math.min(rest + cardMore, MAX_SHORT) & 0xff]);
  }
}
