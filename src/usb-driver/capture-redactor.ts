/**
 * Applies an injected RedactionPolicy to the CCID frames the USB capture stores, in place: XfrBlock commands
 * (whole APDUs, and APDUs split into CCID blocks by wLevelParameter, CCID Rev 1.1 §6.1.4) and the DataBlock
 * responses that answer them (bChainParameter, §6.2.1). A response is matched to its command by bSeq (§6.2: the
 * reply echoes the command's), so a late reply to an aborted command is judged against that command, not the one
 * in flight. A block of a chain is stored all-zero until the chain ends; only then is the whole APDU known, the
 * policy asked, and the bytes outside its ranges put back. What cannot be matched or never ends stays zeroed.
 */
import type { ByteRange, RedactionPolicy } from '../shared/redaction';
import { CAPTURE_REDACT_ALL, zeroRanges } from './capture-redaction';
import { concatBytes } from '../shared/bytes';
import { CCID_HEADER_LENGTH, CHAIN, COMMAND_STATUS, PC_TO_RDR, RDR_TO_PC } from './ccid-constants';

/** ISO 7816-4 §5.1.3: SW1 61 = more response data, fetched by the commands that follow (GET RESPONSE). */
const SW1_MORE_DATA = 0x61;
/** Commands kept for replies still to come (late replies of aborted ones included); the oldest go first. */
const MAX_AWAITED = 8;
const SEQ_OFFSET = 6;
const LEVEL_OFFSET = 8;
const STATUS_OFFSET = 7;
const CHAIN_OFFSET = 9;

/** A stored block (a view into the capture's record) and the raw bytes it will get back where not secret. */
interface HeldBlock {
  readonly stored: Uint8Array;
  readonly raw: Uint8Array;
}

/** A whole command APDU (a copy, wiped once its response is judged) that a response may answer. */
interface SentCommand {
  readonly apdu: Uint8Array;
}

export class CaptureRedactor {
  private policy: RedactionPolicy;
  private commandBlocks: HeldBlock[] = [];
  private responseBlocks: HeldBlock[] = [];
  /** bSeq → the command its DataBlock answers (a response chain maps each continuation bSeq to the same one). */
  private readonly awaited = new Map<number, SentCommand>();
  /** The command of the response chain or 61xx continuation in progress. */
  private answering: SentCommand | null = null;
  /** The command whose response said 61xx: the responses that continue it are judged against it too. */
  private continuing: SentCommand | null = null;
  /** bSeq of the IccPowerOn whose DataBlock is the ATR, not a response APDU. */
  private atrSeq: number | null = null;

  constructor(policy: RedactionPolicy = CAPTURE_REDACT_ALL) {
    this.policy = policy;
  }

  setPolicy(policy: RedactionPolicy): void {
    this.policy = policy;
  }

  /** A bulk OUT frame as stored in the capture; secret bytes are zeroed in place. */
  outFrame(frame: Uint8Array): void {
    if (frame.length < CCID_HEADER_LENGTH) return;
    const seq = frame[SEQ_OFFSET]!;
    if (frame[0] === PC_TO_RDR.IccPowerOn) {
      this.forgetAll(); // a new session with the card: nothing before it will be answered
      this.atrSeq = seq;
      return;
    }
    if (frame[0] !== PC_TO_RDR.XfrBlock) return;
    const level = frame[LEVEL_OFFSET]! | (frame[LEVEL_OFFSET + 1]! << 8);
    const block = frame.subarray(CCID_HEADER_LENGTH);
    if (level === CHAIN.ContinueResponse) {
      if (this.answering) this.await(seq, this.answering);
      return;
    }
    if (level === CHAIN.BeginsAndContinues || level === CHAIN.BeginsAndEnds) this.dropBlocks(this.commandBlocks);
    if (level === CHAIN.BeginsAndContinues || level === CHAIN.Continues) {
      this.hold(this.commandBlocks, block);
      return;
    }
    if (level === CHAIN.ContinuesAndEnds && this.commandBlocks.length === 0) {
      block.fill(0); // the end of a chain whose start we never saw: nothing to judge it by
      return;
    }
    this.hold(this.commandBlocks, block);
    const apdu = this.release(this.commandBlocks, (whole) => this.policy.commandSecrets(whole));
    this.await(seq, { apdu });
  }

  /** A bulk IN frame as stored in the capture; secret response bytes are zeroed in place. */
  inFrame(frame: Uint8Array): void {
    if (frame.length <= CCID_HEADER_LENGTH || frame[0] !== RDR_TO_PC.DataBlock) return;
    const seq = frame[SEQ_OFFSET]!;
    const block = frame.subarray(CCID_HEADER_LENGTH);
    if (seq === this.atrSeq) {
      this.atrSeq = null; // the ATR is no secret
      return;
    }
    if (((frame[STATUS_OFFSET]! >> 6) & 0x03) !== COMMAND_STATUS.Processed) {
      block.fill(0); // a time extension or failure carries no response; hide whatever it holds
      return;
    }
    const chain = frame[CHAIN_OFFSET]!;
    if (chain === CHAIN.ContinueResponse) return; // empty: the reader asks for the next command block
    const command = this.awaited.get(seq) ?? null;
    this.awaited.delete(seq);
    this.hold(this.responseBlocks, block);
    if (chain === CHAIN.BeginsAndContinues || chain === CHAIN.Continues) {
      this.answering = command;
      return;
    }
    const response = this.release(this.responseBlocks, (whole) => this.responseRanges(command, whole));
    this.answering = null;
    this.settle(command, response.length >= 2 && response[response.length - 2] === SW1_MORE_DATA);
    response.fill(0);
  }

  /** Unknown command (a stale duplicate, or one forgotten): hide all data. Else what the policy says, with 61xx. */
  private responseRanges(command: SentCommand | null, response: Uint8Array): readonly ByteRange[] {
    if (!command) return CAPTURE_REDACT_ALL.responseSecrets(new Uint8Array(0), response);
    const ranges = [...this.policy.responseSecrets(command.apdu, response)];
    if (this.continuing && this.continuing !== command) ranges.push(...this.policy.responseSecrets(this.continuing.apdu, response));
    return ranges;
  }

  /** After a final response: keep the command a 61xx continues; wipe every copy no longer needed. */
  private settle(command: SentCommand | null, more: boolean): void {
    if (more && command) {
      if (!this.continuing) this.continuing = command;
      else if (command !== this.continuing) command.apdu.fill(0);
      return;
    }
    if (this.continuing && this.continuing !== command) this.continuing.apdu.fill(0);
    this.continuing = null;
    command?.apdu.fill(0);
  }

  private await(seq: number, command: SentCommand): void {
    const previous = this.awaited.get(seq);
    this.awaited.delete(seq);
    if (previous && previous !== command && previous !== this.continuing) previous.apdu.fill(0);
    this.awaited.set(seq, command);
    while (this.awaited.size > MAX_AWAITED) {
      const [oldestSeq, oldest] = this.awaited.entries().next().value as [number, SentCommand];
      this.awaited.delete(oldestSeq);
      if (oldest !== this.continuing && oldest !== this.answering && ![...this.awaited.values()].includes(oldest)) oldest.apdu.fill(0);
    }
  }

  /** Keeps a copy of the block aside and zeroes the stored one until its chain is judged. */
  private hold(blocks: HeldBlock[], stored: Uint8Array): void {
    blocks.push({ stored, raw: stored.slice() });
    stored.fill(0);
  }

  /** Judges the whole APDU of the held blocks, puts back what is not secret, returns the APDU (a copy). */
  private release(blocks: HeldBlock[], secrets: (apdu: Uint8Array) => readonly ByteRange[]): Uint8Array {
    const apdu = concatBytes(...blocks.map((block) => block.raw));
    const restored = apdu.slice();
    zeroRanges(restored, secrets(apdu));
    let offset = 0;
    for (const block of blocks) {
      block.stored.set(restored.subarray(offset, offset + block.raw.length));
      offset += block.raw.length;
    }
    restored.fill(0);
    this.dropBlocks(blocks);
    return apdu;
  }

  private dropBlocks(blocks: HeldBlock[]): void {
    for (const block of blocks) block.raw.fill(0);
    blocks.length = 0;
  }

  private forgetAll(): void {
    this.dropBlocks(this.commandBlocks);
    this.dropBlocks(this.responseBlocks);
    for (const command of this.awaited.values()) command.apdu.fill(0);
    this.awaited.clear();
    this.continuing?.apdu.fill(0);
    this.answering?.apdu.fill(0);
    this.continuing = null;
    this.answering = null;
  }
}
