/**
 * Fault injection for the virtual USB token (DESIGN.md §6): the failures real tokens and browsers produce, on
 * demand, so tests can prove the driver answers each one with a typed error and recovers.
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
  /** The next this-many replies carry a wrong bSeq. */
  wrongSeqReplies = 0;
  /** The next this-many replies lose their last bytes. */
  truncatedReplies = 0;
  /** The next this-many XfrBlock commands get no reply until aborted (CCID §5.3.1). */
  silentReplies = 0;
  /** claimInterface() rejects with this DOMException name (SecurityError = protected class). */
  claimFailure: UsbFailureName | null = null;
  /** open() rejects with this DOMException name (another driver holds the device). */
  openFailure: UsbFailureName | null = null;

  disconnectAfter(transfers: number): this {
    this.disconnectAfterTransfers = transfers;
    return this;
  }

  delayReplies(ms: number): this {
    this.replyDelayMs = ms;
    return this;
  }

  timeExtensions(count: number): this {
    this.timeExtensionsPerReply = count;
    return this;
  }

  wrongSeq(count = 1): this {
    this.wrongSeqReplies = count;
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
      out[6] = ((out[6] ?? 0) + 1) & 0xff;
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
