/**
 * Fault injection for the virtual USB token (DESIGN.md §6): the failures real tokens and browsers produce, on
 * demand, so tests can prove the driver answers each one with a typed error and recovers.
 *
 * Sequence faults follow what readers really do (issue 7 §2): a reply to a command the host gave up on
 * arrives late, carrying that OLD bSeq (CCID §6.1: bSeq echoes the command's), before the reply the host is
 * waiting for. libccid skips such frames; a driver that does not desynchronises.
 */

/** DOMException names the virtual device can raise where the browser would (WebUSB §6). */
export type UsbFailureName = 'SecurityError' | 'NetworkError' | 'InvalidStateError' | 'NotFoundError';

export class VirtualUsbFaults {
  /** Unplug when this many more bulk transfers (OUT or IN) have started; null = never. */
  disconnectAfterTransfers: number | null = null;
  /** Delay before each bulk IN reply is delivered. */
  replyDelayMs = 0;
  /** Time-extension replies (bmCommandStatus = 2) sent before each XfrBlock answer. */
  timeExtensionsPerReply = 0;
  /** bMessageType 80 bError multiplier of those time extensions (CCID §6.2.6: BWT × bError). */
  timeExtensionMultiplier = 1;
  /** The next this-many replies carry a wrong bSeq (the right one + `wrongSeqDelta`), instead of the right one. */
  wrongSeqReplies = 0;
  wrongSeqDelta = 1;
  /** The next this-many XfrBlock replies are preceded by a stale frame: bSeq − `staleSeqDelta`. */
  staleFrames = 0;
  staleSeqDelta = 1;
  /** The next this-many XfrBlock replies are held back until the reply to the following command. */
  lateReplies = 0;
  /** The next this-many replies lose their last bytes. */
  truncatedReplies = 0;
  /** The next this-many XfrBlock commands get no reply until aborted (CCID §5.3.1). */
  silentReplies = 0;
  /** TPDU level: the next this-many blocks never reach the card; the reader reports ICC_MUTE (CCID §6.2.6). */
  lostBlocks = 0;
  /** TPDU level: the next this-many card answers arrive with their last byte (the T=1 EDC) flipped. */
  corruptedBlocks = 0;
  /** TPDU level: the next this-many blocks end in XFR_PARITY_ERROR (CCID §6.2.6): the reader saw a parity error. */
  parityErrorBlocks = 0;
  /** claimInterface() rejects with this DOMException name (SecurityError = protected class). */
  claimFailure: UsbFailureName | null = null;
  /** open() rejects with this DOMException name (another driver holds the device). */
  openFailure: UsbFailureName | null = null;
  /** Replies already delivered, by bSeq: what a late frame for an earlier command looks like. */
  private readonly delivered = new Map<number, Uint8Array>();
  /** A reply held back by `lateReply`, sent just before the next reply. */
  private withheld: Uint8Array | null = null;

  disconnectAfter(transfers: number): this {
    this.disconnectAfterTransfers = transfers;
    return this;
  }

  delayReplies(ms: number): this {
    this.replyDelayMs = ms;
    return this;
  }

  timeExtensions(count: number, multiplier = 1): this {
    this.timeExtensionsPerReply = count;
    this.timeExtensionMultiplier = multiplier;
    return this;
  }

  /** `seqDelta` 1..255: how far ahead of the right bSeq the wrong one is (mod 256). */
  wrongSeq(count = 1, seqDelta = 1): this {
    this.wrongSeqReplies = count;
    this.wrongSeqDelta = seqDelta;
    return this;
  }

  /**
   * Before each of the next `count` XfrBlock replies, a late reply to the command `seqDelta` (1..255) before:
   * the frame that command really got if the device answered it, else this reply re-stamped with that bSeq.
   */
  staleFrame(count = 1, seqDelta = 1): this {
    this.staleFrames = count;
    this.staleSeqDelta = seqDelta;
    return this;
  }

  /**
   * The next `count` XfrBlock commands get no answer while the host waits (it times out, may abort); each
   * reply then arrives late, just before the reply to the next command — as a stale frame with its old bSeq.
   */
  lateReply(count = 1): this {
    this.lateReplies = count;
    return this;
  }

  truncate(count = 1): this {
    this.truncatedReplies = count;
    return this;
  }

  silence(count = 1): this {
    this.silentReplies = count;
    return this;
  }

  /** A block lost on the way to the card (ISO/IEC 7816-3 §11.6.3: the reader times out, the host recovers). */
  loseBlocks(count = 1): this {
    this.lostBlocks = count;
    return this;
  }

  /** A card answer damaged on the wire: a bad EDC at T=1 (§11.6.3 rule 7.1, R-block with error 1). */
  corruptBlocks(count = 1): this {
    this.corruptedBlocks = count;
    return this;
  }

  /** Characters with a bad parity on the wire (ISO/IEC 7816-3 §7.3); the reader reports XFR_PARITY_ERROR. */
  parityErrors(count = 1): this {
    this.parityErrorBlocks = count;
    return this;
  }

  takeParityError(): boolean {
    if (this.parityErrorBlocks <= 0) return false;
    this.parityErrorBlocks -= 1;
    return true;
  }

  takeLostBlock(): boolean {
    if (this.lostBlocks <= 0) return false;
    this.lostBlocks -= 1;
    return true;
  }

  /** The card's answer as the host receives it: one-shot corruption of the last byte. */
  damageAnswer(answer: Uint8Array): Uint8Array {
    if (this.corruptedBlocks <= 0 || answer.length === 0) return answer;
    this.corruptedBlocks -= 1;
    const out = answer.slice();
    out[out.length - 1] = (out[out.length - 1] as number) ^ 0x01;
    return out;
  }

  protectedClass(): this {
    this.claimFailure = 'SecurityError';
    return this;
  }

  heldByAnotherDriver(): this {
    this.openFailure = 'SecurityError';
    return this;
  }

  clear(): void {
    Object.assign(this, new VirtualUsbFaults());
  }

  /**
   * The frames to deliver for one reply, in order: a withheld late reply first, then (XfrBlock only) a stale
   * frame and time extensions, then the reply itself — or nothing more if this reply is now withheld.
   */
  framesFor(reply: Uint8Array, xfr: { seq: number; timeExtension: () => Uint8Array } | null): Uint8Array[] {
    const out: Uint8Array[] = [];
    if (this.withheld) {
      out.push(this.withheld);
      this.withheld = null;
    }
    if (xfr) {
      if (this.lateReplies > 0) {
        this.lateReplies -= 1;
        this.withheld = reply;
        return out;
      }
      if (this.staleFrames > 0) {
        this.staleFrames -= 1;
        out.push(this.staleBefore(reply, xfr.seq));
      }
      for (let i = 0; i < this.timeExtensionsPerReply; i++) out.push(xfr.timeExtension());
    }
    out.push(reply);
    this.delivered.set(reply[6] ?? 0, reply);
    return out;
  }

  private staleBefore(reply: Uint8Array, seq: number): Uint8Array {
    const oldSeq = (seq - this.staleSeqDelta + 256) & 0xff;
    const earlier = this.delivered.get(oldSeq);
    if (earlier) return earlier;
    const restamped = reply.slice();
    restamped[6] = oldSeq;
    return restamped;
  }

  /** Counts one bulk transfer; true when this one is where the device must vanish. */
  countTransfer(): boolean {
    if (this.disconnectAfterTransfers === null) return false;
    this.disconnectAfterTransfers -= 1;
    if (this.disconnectAfterTransfers > 0) return false;
    this.disconnectAfterTransfers = null;
    return true;
  }

  /** Applies the one-shot reply faults (wrong bSeq, truncation) to an outgoing bulk IN frame. */
  mangleReply(frame: Uint8Array): Uint8Array {
    let out = frame;
    if (this.wrongSeqReplies > 0) {
      this.wrongSeqReplies -= 1;
      out = out.slice();
      out[6] = ((out[6] ?? 0) + this.wrongSeqDelta) & 0xff;
    }
    if (this.truncatedReplies > 0) {
      this.truncatedReplies -= 1;
      // Drop the tail: a header whose dwLength promises more, or a header cut short.
      out = out.length > 10 ? out.slice(0, out.length - 2) : out.slice(0, 6);
    }
    return out;
  }

  takeSilence(): boolean {
    if (this.silentReplies <= 0) return false;
    this.silentReplies -= 1;
    return true;
  }
}
