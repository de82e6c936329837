/**
 * One CCID command and its reply over the bulk endpoints (CCID Rev 1.1 §6): assigns bSeq, checks the echo,
 * skips stale frames (late replies to an aborted or timed-out command, as libccid does), waits out time
 * extensions (bmCommandStatus = 2, for bError × the timeout), turns failures into typed errors, aborts on
 * timeout (§5.3.1: class request ABORT, then PC_to_RDR_Abort with the same bSeq) and notices a disconnect once.
 */
import { COMMAND_STATUS, CCID_HEADER_LENGTH } from './ccid-constants';
import type { UKeyError } from '../shared/errors';
import { listenForCardEvents } from './ccid-card-events';
import {
  abortSetup,
  commandStatusOf,
  decodeRdrToPc,
  encodePcToRdr,
  type PcToRdrMessage,
  type RdrToPcMessage,
} from './ccid-codec';
import type { CcidInterface } from './ccid-interface';
import { ccidFailure } from './ccid-failure';
import { CcidSequenceError, CcidTimeoutError, MalformedCcidError, type DeviceDisconnectedError, type UsbOperation } from './errors';
import { UsbIoGuard } from './usb-io-guard';
import { setupPacket, type UsbCapture } from './usbpcap';

const TIMEOUT = Symbol('timeout');
const EXPECTED_REPLY: Readonly<Record<PcToRdrMessage['kind'], RdrToPcMessage['kind']>> = {
  IccPowerOn: 'DataBlock',
  XfrBlock: 'DataBlock',
  IccPowerOff: 'SlotStatus',
  GetSlotStatus: 'SlotStatus',
  Abort: 'SlotStatus',
  GetParameters: 'Parameters',
  SetParameters: 'Parameters',
};
/** Stale replies (time extensions, the aborted command's answer) read past while waiting for the abort's. */
const MAX_FRAMES_BEFORE_ABORT_REPLY = 16;
/** NotifySlotChange for up to 4 slots fits in 2 bytes; ask for a full-speed packet. */
const INTERRUPT_READ_LENGTH = 64;
/**
 * bSeq distance (modulo 256) within which a mismatching reply counts as stale, i.e. answers an earlier command.
 * libccid (ccid_usb.c ReadUSB, "Duplicate frame detected") skips such frames and reads again; a reply from the
 * "future" is a real desync and stays a CcidSequenceError.
 */
const STALE_SEQ_WINDOW = 128;
/** Stale frames skipped for one command before giving up with CcidSequenceError. */
const MAX_STALE_FRAMES = 16;

/** Whether a reply with bSeq `received` answers a command sent before the one with bSeq `expected`. */
export function isStaleSeq(received: number, expected: number): boolean {
  const behind = (expected - received) & 0xff;
  return behind >= 1 && behind <= STALE_SEQ_WINDOW;
}

export interface CcidLinkOptions {
  readonly timeoutMs: number;
  readonly maxBusyMs: number;
  readonly capture: UsbCapture | undefined;
}

export class CcidLink {
  readonly maxDataLength: number;
  private seq = 0;
  private pendingRead: Promise<USBInTransferResult> | null = null;
  private readonly cardListeners = new Set<(present: boolean) => void>();
  private readonly problemListeners = new Set<(error: UKeyError) => void>();
  private stopped = false;

  private readonly timeoutMs: number;
  private readonly maxBusyMs: number;
  private readonly capture: UsbCapture | undefined;
  private readonly io: UsbIoGuard;

  constructor(
    private readonly device: USBDevice,
    private readonly ccid: CcidInterface,
    readonly deviceName: string,
    options: CcidLinkOptions,
  ) {
    this.timeoutMs = options.timeoutMs;
    this.maxBusyMs = options.maxBusyMs;
    this.capture = options.capture;
    this.maxDataLength = Math.max(1, ccid.descriptor.maxCcidMessageLength - CCID_HEADER_LENGTH);
    this.io = new UsbIoGuard(deviceName);
    this.io.onDisconnect(() => {
      this.stopped = true;
    });
  }

  get disconnected(): DeviceDisconnectedError | null {
    return this.io.disconnected;
  }

  onDisconnect(listener: (error: DeviceDisconnectedError) => void): void {
    this.io.onDisconnect(listener);
  }

  onCardChange(listener: (present: boolean) => void): () => void {
    this.cardListeners.add(listener);
    return () => this.cardListeners.delete(listener);
  }

  /** Problems of the interrupt endpoint (bad frames, reader hardware errors): card-change events may be missed. */
  onProblem(listener: (error: UKeyError) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  /** Idempotent: the first cause wins, listeners hear it once, every pending I/O rejects with it. */
  markDisconnected(cause?: unknown): DeviceDisconnectedError {
    return this.io.markDisconnected(cause);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Sends one message with the next bSeq and returns its successful reply; `timeoutMs` overrides the link's. */
  async command(message: PcToRdrMessage, timeoutMs: number = this.timeoutMs): Promise<RdrToPcMessage> {
    const seq = this.nextSeq();
    await this.send({ ...message, seq });
    const started = Date.now();
    let waitMs = timeoutMs;
    let staleFrames = 0;
    for (;;) {
      const frame = await this.read(waitMs);
      if (frame === TIMEOUT) {
        await this.abort();
        throw new CcidTimeoutError(waitMs);
      }
      const reply = decodeRdrToPc(frame);
      if (reply.seq !== seq) {
        // A late reply to an earlier (aborted, timed-out) command: skip it and read again (libccid); the link
        // stays in step instead of failing every later command until re-plug.
        if (isStaleSeq(reply.seq, seq) && ++staleFrames <= MAX_STALE_FRAMES) continue;
        throw new CcidSequenceError(seq, reply.seq);
      }
      const commandStatus = commandStatusOf(reply.status);
      if (commandStatus === COMMAND_STATUS.TimeExtension) {
        // CCID §6.2.6/§6.2.7: the card asked for more time, bError times the usual wait; not for ever.
        if (Date.now() - started <= this.maxBusyMs) {
          waitMs = timeoutMs * Math.max(1, reply.error);
          continue;
        }
        await this.abort();
        throw new CcidTimeoutError(this.maxBusyMs);
      }
      if (commandStatus === COMMAND_STATUS.Failed) throw ccidFailure(reply, this.deviceName);
      if (reply.kind !== EXPECTED_REPLY[message.kind]) {
        throw new MalformedCcidError('unexpected-reply', `${message.kind} answered by ${reply.kind}`);
      }
      return reply;
    }
  }

  /** Reads NotifySlotChange messages until stopped; card state to the card listeners, faults to the problem ones. */
  startInterruptListener(): void {
    const endpoint = this.ccid.interruptIn;
    if (endpoint === null) return;
    const read = async (): Promise<{ status: string | undefined; bytes: Uint8Array | null }> => {
      const result = await this.guard('transfer', this.device.transferIn(endpoint, INTERRUPT_READ_LENGTH));
      const data = result.data;
      const bytes = data ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
      if (bytes && !this.stopped) this.capture?.interruptIn(endpoint, bytes);
      return { status: result.status, bytes };
    };
    const problem = (error: UKeyError): void => {
      for (const listener of this.problemListeners) listener(error);
    };
    const cardChanged = (present: boolean): void => {
      for (const listener of this.cardListeners) listener(present);
    };
    listenForCardEvents({ read, stopped: () => this.stopped }, { cardChanged, problem }).catch((error: unknown) => {
      // Closing aborts the pending transfer and a disconnect is reported on its own; anything else is news.
      if (this.stopped || this.disconnected) return;
      problem(error instanceof MalformedCcidError ? error : new MalformedCcidError('interrupt-failed', `Interrupt IN failed: ${String(error)}`));
    });
  }

  private nextSeq(): number {
    const seq = this.seq;
    this.seq = (this.seq + 1) & 0xff;
    return seq;
  }

  /**
   * Writes one message. The frame of an XfrBlock holds APDU bytes (maybe a PIN): it is wiped once the write is
   * over — the browser copied it at the call — so no secret outlives the call (issue 7 §3).
   */
  private async send(message: PcToRdrMessage): Promise<void> {
    const frame = encodePcToRdr(message);
    try {
      this.capture?.bulkOut(this.ccid.bulkOut, frame);
      await this.guard('transfer', this.device.transferOut(this.ccid.bulkOut, frame));
    } finally {
      if (message.kind === 'XfrBlock') frame.fill(0);
    }
  }

  /**
   * Reads one RDR_to_PC message; a USB transfer ends a CCID message, so one transferIn of the largest message
   * is enough. After a timeout the transfer stays pending and the next read takes it over: that is how the late
   * frame is drained, and the bSeq check then skips it as stale.
   */
  private async read(waitMs: number = this.timeoutMs): Promise<Uint8Array | typeof TIMEOUT> {
    if (!this.pendingRead) {
      const length = this.ccid.descriptor.maxCcidMessageLength + CCID_HEADER_LENGTH;
      this.pendingRead = this.device.transferIn(this.ccid.bulkIn, length);
      this.pendingRead.catch(() => undefined);
    }
    const pending = this.pendingRead;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<typeof TIMEOUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMEOUT), waitMs);
    });
    try {
      const result = await this.guard('transfer', Promise.race([pending, timeout]));
      if (result === TIMEOUT) return TIMEOUT;
      this.pendingRead = null;
      if (result.status !== 'ok' || !result.data) {
        throw new MalformedCcidError(`usb-${result.status ?? 'no-data'}`, `Bulk IN ended with status ${String(result.status)}`);
      }
      const bytes = new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength);
      this.capture?.bulkIn(this.ccid.bulkIn, bytes);
      return bytes;
    } catch (error) {
      if (this.pendingRead === pending) this.pendingRead = null;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** CCID §5.3.1: ABORT class request and PC_to_RDR_Abort with one fresh bSeq; drain until its SlotStatus. */
  private async abort(): Promise<void> {
    const seq = this.nextSeq();
    try {
      const setup = abortSetup(0, seq, this.ccid.interfaceNumber);
      this.capture?.control(setupPacket(setup, 'out', 0));
      await this.guard('control', this.device.controlTransferOut(setup));
      await this.send({ kind: 'Abort', slot: 0, seq });
      for (let attempt = 0; attempt < MAX_FRAMES_BEFORE_ABORT_REPLY; attempt++) {
        const frame = await this.read();
        if (frame === TIMEOUT) return;
        const reply = decodeRdrToPc(frame);
        if (reply.kind === 'SlotStatus' && reply.seq === seq) return;
      }
    } catch {
      if (this.disconnected) throw this.disconnected;
      // Best effort: the timeout is what the caller hears about.
    }
  }

  private guard<T>(operation: UsbOperation, io: Promise<T>): Promise<T> {
    return this.io.guard(operation, io);
  }
}
