/**
 * Applies an injected CaptureRedaction to the CCID frames the USB capture stores, in place: XfrBlock commands
 * (whole APDUs, and APDUs split into CCID blocks by wLevelParameter, CCID Rev 1.1 §6.1.4) and the DataBlock
 * responses that answer them (bChainParameter, §6.2.1). A block of a chain is stored all-zero until the chain
 * ends; only then is the whole APDU known, the policy asked, and the bytes outside its ranges put back. A chain
 * that never ends (abort, timeout) stays zeroed: fail closed.
 */
import { CAPTURE_REDACT_ALL, zeroRanges, type CaptureByteRange, type CaptureRedaction } from './capture-redaction';
import { concatBytes } from '../bytes/concat-bytes';
import { CCID_HEADER_LENGTH, CHAIN, COMMAND_STATUS, PC_TO_RDR, RDR_TO_PC } from './ccid-constants';

/** ISO 7816-4 §5.1.3: SW1 61 = more response data, fetched by the commands that follow (GET RESPONSE). */
const SW1_MORE_DATA = 0x61;

/** A stored block (a view into the capture's record) and the raw bytes it will get back where not secret. */
interface HeldBlock {
  readonly stored: Uint8Array;
  readonly raw: Uint8Array;
}

const wipe = (bytes: Uint8Array | null): void => void bytes?.fill(0);

export class CaptureRedactor {
  private policy: CaptureRedaction;
  private commandBlocks: HeldBlock[] = [];
  private responseBlocks: HeldBlock[] = [];
  /** The last whole command APDU sent by XfrBlock, whose response is still to come. */
  private answering: Uint8Array | null = null;
  /** The command whose response said 61xx: the responses that continue it are judged against it too. */
  private continuing: Uint8Array | null = null;
  /** Whether the next DataBlock answers an XfrBlock (not IccPowerOn, whose DataBlock is the ATR). */
  private expectingApdu = false;

  constructor(policy: CaptureRedaction = CAPTURE_REDACT_ALL) {
    this.policy = policy;
  }

  setPolicy(policy: CaptureRedaction): void {
    this.policy = policy;
  }

  /** A bulk OUT frame as stored in the capture; secret bytes are zeroed in place. */
  outFrame(frame: Uint8Array): void {
    if (frame.length < CCID_HEADER_LENGTH) return;
    if (frame[0] !== PC_TO_RDR.XfrBlock) {
      // A new power cycle, abort or status query: an open chain is over, and the next DataBlock is no response.
      if (frame[0] !== PC_TO_RDR.GetSlotStatus) this.reset();
      return;
    }
    const level = frame[8]! | (frame[9]! << 8);
    const block = frame.subarray(CCID_HEADER_LENGTH);
    if (level === CHAIN.ContinueResponse) {
      this.expectingApdu = true;
      return;
    }
    if (level === CHAIN.BeginsAndContinues || level === CHAIN.BeginsAndEnds) this.dropCommandBlocks();
    if (level === CHAIN.BeginsAndContinues || level === CHAIN.Continues) {
      this.hold(this.commandBlocks, block);
      return;
    }
    if (level === CHAIN.ContinuesAndEnds && this.commandBlocks.length === 0) {
      block.fill(0); // the end of a chain whose start we never saw: nothing to judge it by
      return;
    }
    this.hold(this.commandBlocks, block);
    const command = this.release(this.commandBlocks, (apdu) => this.policy.commandSecrets(apdu));
    wipe(this.answering);
    this.answering = command;
    this.expectingApdu = true;
  }

  /** A bulk IN frame as stored in the capture; secret response bytes are zeroed in place. */
  inFrame(frame: Uint8Array): void {
    if (frame.length <= CCID_HEADER_LENGTH || frame[0] !== RDR_TO_PC.DataBlock) return;
    const block = frame.subarray(CCID_HEADER_LENGTH);
    if (!this.expectingApdu) return; // the ATR of IccPowerOn
    const commandStatus = (frame[7]! >> 6) & 0x03;
    if (commandStatus !== COMMAND_STATUS.Processed) {
      block.fill(0); // a time extension or failure carries no response; hide whatever it holds
      return;
    }
    const chain = frame[9]!;
    if (chain === CHAIN.ContinueResponse) return; // the reader asks for the next command block (empty data)
    this.hold(this.responseBlocks, block);
    if (chain === CHAIN.BeginsAndContinues || chain === CHAIN.Continues) return;
    const response = this.release(this.responseBlocks, (apdu) => this.responseRanges(apdu));
    this.expectingApdu = false;
    const more = response.length >= 2 && response[response.length - 2] === SW1_MORE_DATA;
    if (more) {
      if (!this.continuing) this.continuing = this.answering;
      else wipe(this.answering);
    } else {
      if (this.continuing !== this.answering) wipe(this.continuing);
      wipe(this.answering);
      this.continuing = null;
    }
    this.answering = null;
    wipe(response);
  }

  /** The union of what the answered command and, after 61xx, the command being continued say. */
  private responseRanges(response: Uint8Array): readonly CaptureByteRange[] {
    // No command seen (capture started mid-exchange): hide the data, as the fail-closed default does.
    if (!this.answering && !this.continuing) return CAPTURE_REDACT_ALL.responseSecrets(new Uint8Array(0), response);
    const ranges: CaptureByteRange[] = [];
    if (this.answering) ranges.push(...this.policy.responseSecrets(this.answering, response));
    if (this.continuing && this.continuing !== this.answering) {
      ranges.push(...this.policy.responseSecrets(this.continuing, response));
    }
    return ranges;
  }

  /** Keeps a copy of the block aside and zeroes the stored one until its chain is judged. */
  private hold(blocks: HeldBlock[], stored: Uint8Array): void {
    blocks.push({ stored, raw: stored.slice() });
    stored.fill(0);
  }

  /** Judges the whole APDU of the held blocks, puts back what is not secret, returns the APDU (a copy). */
  private release(blocks: HeldBlock[], secrets: (apdu: Uint8Array) => readonly CaptureByteRange[]): Uint8Array {
    const apdu = concatBytes(...blocks.map((block) => block.raw));
    const restored = apdu.slice();
    zeroRanges(restored, secrets(apdu));
    let offset = 0;
    for (const block of blocks) {
      block.stored.set(restored.subarray(offset, offset + block.raw.length));
      offset += block.raw.length;
      block.raw.fill(0);
    }
    restored.fill(0);
    blocks.length = 0;
    return apdu;
  }

  private dropCommandBlocks(): void {
    for (const block of this.commandBlocks) block.raw.fill(0);
    this.commandBlocks = [];
  }

  private reset(): void {
    this.dropCommandBlocks();
    for (const block of this.responseBlocks) block.raw.fill(0);
    this.responseBlocks = [];
    if (this.continuing !== this.answering) wipe(this.continuing);
    wipe(this.answering);
    this.answering = null;
    this.continuing = null;
    this.expectingApdu = false;
  }
}
