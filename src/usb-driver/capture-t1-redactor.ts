/**
 * The capture's redaction on a TPDU-level T=1 link (ISO/IEC 7816-3 §11.3): each XfrBlock carries one block
 * NAD PCB LEN INF EDC, and an APDU is the INF of a chain of I-blocks (M bit, §11.3.2.2), with R- and S-blocks
 * between them. I-block INF and EDC are stored zeroed until the chain ends; then the policy judges the whole
 * APDU and the bytes outside its ranges are put back. The EDC of a block that held a secret stays zeroed: an LRC
 * is the XOR of the block, so it would tell the XOR of the PIN bytes. A retransmitted block (rules 7.1–7.2,
 * byte-identical) is restored exactly as its first copy. Whatever cannot be judged stays zeroed (fail closed).
 */
import { concatBytes } from '../shared/bytes';
import type { ByteRange, RedactionPolicy } from '../shared/redaction';
import { zeroRanges } from './capture-redaction';
import { CCID_HEADER_LENGTH, COMMAND_STATUS, PC_TO_RDR, RDR_TO_PC } from './ccid-constants';

/** §11.3.1: NAD, PCB, LEN. */
const PROLOGUE = 3;
const PCB_OFFSET = 1;
const LEN_OFFSET = 2;
/** §11.3.2.2: b8 = 0 marks an I-block; b6 is its M (more data) bit. */
const PCB_NOT_I = 0x80;
const PCB_MORE = 0x20;
/** §11.3.2.3: S-block requests that end every chain in progress: RESYNCH (C0) and ABORT (C2). */
const S_RESYNCH_REQUEST = 0xc0;
const S_ABORT_REQUEST = 0xc2;
const STATUS_OFFSET = 7;
/** ISO 7816-4 §5.1.3: SW1 61, more response data follows under later commands. */
const SW1_MORE_DATA = 0x61;

/** One stored I-block: the capture's view of its INF+EDC, a private copy of them, and of the whole block. */
interface HeldBlock {
  readonly stored: Uint8Array;
  readonly raw: Uint8Array;
  /** The whole block (PCB included, so N(S) tells two equal INFs apart): a resend is byte-identical. */
  readonly whole: Uint8Array;
  /** Filled on release: what the stored bytes became (for byte-identical retransmissions). */
  restored: Uint8Array | null;
}

class Chain {
  blocks: HeldBlock[] = [];

  /** Holds a block (zeroed in the capture from INF on); `whole` is the block with its prologue. */
  hold(stored: Uint8Array, whole: Uint8Array): void {
    this.blocks.push({ stored, raw: stored.slice(), whole: whole.slice(), restored: null });
    stored.fill(0);
  }

  /**
   * A block equal to the one before it is a resend (rules 7.1–7.2: a chain moves on only once a block is
   * acknowledged, and N(S) alternates, so two genuine blocks in a row always differ).
   */
  private isResend(index: number): boolean {
    const previous = this.blocks[index - 1];
    return previous !== undefined && equal(previous.whole, (this.blocks[index] as HeldBlock).whole);
  }

  /** The APDU of the chain: each block's INF once, in order. */
  apdu(edcLength: number): Uint8Array {
    const parts = this.blocks.filter((_, index) => !this.isResend(index)).map((block) => block.raw.subarray(0, block.raw.length - edcLength));
    return concatBytes(...parts);
  }

  /** Puts back what the ranges (offsets into the APDU) leave; a block with any secret byte keeps its EDC zeroed. */
  release(ranges: readonly ByteRange[], edcLength: number): void {
    let offset = 0;
    this.blocks.forEach((block, index) => {
      const first = this.isResend(index) ? this.blocks[index - 1]?.restored : null;
      if (first) {
        block.stored.set(first);
        block.restored = first;
        return;
      }
      const infLength = block.raw.length - edcLength;
      const restored = block.raw.slice();
      const local = ranges.map((r) => ({ start: r.start - offset, end: r.end - offset }));
      if (zeroRanges(restored.subarray(0, infLength), local)) restored.fill(0, infLength);
      block.stored.set(restored);
      block.restored = restored;
      offset += infLength;
    });
  }

  wipe(): void {
    for (const block of this.blocks) {
      block.raw.fill(0);
      block.whole.fill(0);
      block.restored?.fill(0);
    }
    this.blocks = [];
  }
}

export class T1CaptureRedactor {
  private readonly commandChain = new Chain();
  private readonly responseChain = new Chain();
  /** The last whole command APDU sent (a copy, wiped once its response is judged). */
  private command: Uint8Array | null = null;
  /** The command whose response said 61xx: later responses are judged against it too. */
  private continuing: Uint8Array | null = null;
  /** The judged chain, kept until the card answers, for a retransmission of its blocks. */
  private lastChain = new Chain();

  constructor(
    private policy: RedactionPolicy,
    private readonly edcLength: 1 | 2,
  ) {}

  setPolicy(policy: RedactionPolicy): void {
    this.policy = policy;
  }

  outFrame(frame: Uint8Array): void {
    if (frame.length < CCID_HEADER_LENGTH || frame[0] !== PC_TO_RDR.XfrBlock) return;
    const block = frame.subarray(CCID_HEADER_LENGTH);
    const body = this.iBlockBody(block);
    if (body === 'not-i') return this.onControlBlock(block);
    if (body === null) return void block.fill(0, PROLOGUE);
    // A block of the chain just judged, sent again because the card never got it: restored as the first copy.
    const retransmitted = this.lastChain.blocks.find((held) => equal(held.whole, block));
    if (retransmitted?.restored) return void body.set(retransmitted.restored);
    if (this.commandChain.blocks.length === 0) this.lastChain.wipe();
    this.commandChain.hold(body, block);
    if (((block[PCB_OFFSET] as number) & PCB_MORE) !== 0) return;
    const apdu = this.commandChain.apdu(this.edcLength);
    this.commandChain.release(this.policy.commandSecrets(apdu), this.edcLength);
    this.lastChain.wipe();
    this.lastChain = this.commandChain.blocks.length > 0 ? this.takeChain(this.commandChain) : new Chain();
    if (this.command && this.command !== this.continuing) this.command.fill(0);
    this.command = apdu;
  }

  inFrame(frame: Uint8Array): void {
    if (frame.length <= CCID_HEADER_LENGTH || frame[0] !== RDR_TO_PC.DataBlock) return;
    const block = frame.subarray(CCID_HEADER_LENGTH);
    if ((((frame[STATUS_OFFSET] as number) >> 6) & 0x03) !== COMMAND_STATUS.Processed) return void block.fill(0);
    const body = this.iBlockBody(block);
    if (body === 'not-i') return this.onControlBlock(block);
    if (body === null) return void block.fill(0, PROLOGUE);
    this.lastChain.wipe(); // the card answered: the command blocks will not be sent again
    this.responseChain.hold(body, block);
    if (((block[PCB_OFFSET] as number) & PCB_MORE) !== 0) return;
    const response = this.responseChain.apdu(this.edcLength);
    const ranges = this.responseRanges(response);
    this.responseChain.release(ranges, this.edcLength);
    this.responseChain.wipe();
    this.settle(response.length >= 2 && response[response.length - 2] === SW1_MORE_DATA);
    response.fill(0);
  }

  /** A new session with the card (IccPowerOn): nothing before it will be answered. */
  forgetAll(): void {
    for (const chain of [this.commandChain, this.responseChain, this.lastChain]) chain.wipe();
    this.command?.fill(0);
    this.continuing?.fill(0);
    this.command = null;
    this.continuing = null;
  }

  /** S(RESYNCH)/S(ABORT) from either side: held blocks stay zeroed, never joined to the next chain. */
  private onControlBlock(block: Uint8Array): void {
    const pcb = block[PCB_OFFSET];
    if (pcb === S_RESYNCH_REQUEST || pcb === S_ABORT_REQUEST) {
      this.commandChain.wipe();
      this.responseChain.wipe();
    }
  }

  /** No command known: hide all data (fail closed); else the policy, also for the command a 61xx continues. */
  private responseRanges(response: Uint8Array): ByteRange[] {
    const all = response.length > 2 ? [{ start: 0, end: response.length - 2 }] : [];
    if (!this.command) return all;
    const ranges = [...this.policy.responseSecrets(this.command, response)];
    if (this.continuing && this.continuing !== this.command) ranges.push(...this.policy.responseSecrets(this.continuing, response));
    return ranges;
  }

  private settle(more: boolean): void {
    if (more && this.command) {
      if (!this.continuing) this.continuing = this.command;
      else if (this.command !== this.continuing) this.command.fill(0);
      this.command = null;
      return;
    }
    if (this.continuing && this.continuing !== this.command) this.continuing.fill(0);
    this.command?.fill(0);
    this.continuing = null;
    this.command = null;
  }

  private takeChain(chain: Chain): Chain {
    const taken = new Chain();
    taken.blocks = chain.blocks;
    chain.blocks = [];
    return taken;
  }

  /** INF+EDC of an I-block (a view into the stored frame); 'not-i' for R/S blocks; null when it is no block. */
  private iBlockBody(block: Uint8Array): Uint8Array | 'not-i' | null {
    if (block.length < PROLOGUE + this.edcLength) return null;
    if (block.length !== PROLOGUE + (block[LEN_OFFSET] as number) + this.edcLength) return null;
    if (((block[PCB_OFFSET] as number) & PCB_NOT_I) !== 0) return 'not-i';
    return block.subarray(PROLOGUE);
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
