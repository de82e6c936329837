/**
 * One CCID command and its reply over the bulk endpoints (CCID Rev 1.1 §6): assigns bSeq, checks the echo,
 * waits out time extensions (bmCommandStatus = 2), turns failures into typed errors, aborts on timeout
 * (§5.3.1: class request ABORT, then PC_to_RDR_Abort with the same bSeq) and notices a disconnect once.
 */
import { COMMAND_STATUS } from './ccid-constants';
import {
  abortSetup,
  commandStatusOf,
  decodeInterrupt,
  decodeRdrToPc,
  encodePcToRdr,
  type PcToRdrMessage,
  type RdrToPcMessage,
} from './ccid-codec';
import { CCID_HEADER_LENGTH } from './ccid-constants';
import type { CcidInterface } from './ccid-interface';
import { ccidFailure } from './ccid-failure';
import {
  CcidSequenceError,
  CcidTimeoutError,
  DeviceDisconnectedError,
  MalformedCcidError,
  classifyWebUsbError,
  isDisconnectName,
  type UsbOperation,
} from './errors';
import { setupPacket, type UsbCapture } from './usbpcap';

const TIMEOUT = Symbol('timeout');
const EXPECTED_REPLY: Readonly<Record<PcToRdrMessage['kind'], RdrToPcMessage['kind']>> = {
  IccPowerOn: 'DataBlock',
  XfrBlock: 'DataBlock',
  IccPowerOff: 'SlotStatus',
  GetSlotStatus: 'SlotStatus',
  Abort: 'SlotStatus',
  GetParameters: 'Parameters',
};
/** Stale replies (time extensions, the aborted command's answer) read past while waiting for the abort's. */
const MAX_FRAMES_BEFORE_ABORT_REPLY = 16;
/** NotifySlotChange for up to 4 slots fits in 2 bytes; ask for a full-speed packet. */
const INTERRUPT_READ_LENGTH = 64;

export interface CcidLinkOptions {
  readonly timeoutMs: number;
  readonly maxBusyMs: number;
  readonly capture: UsbCapture | undefined;
}

export class CcidLink {
  disconnected: DeviceDisconnectedError | null = null;
  readonly maxDataLength: number;
  private seq = 0;
  private pendingRead: Promise<USBInTransferResult> | null = null;
  private readonly pendingIo = new Set<(error: DeviceDisconnectedError) => void>();
  private readonly disconnectListeners: ((error: DeviceDisconnectedError) => void)[] = [];
  private readonly cardListeners = new Set<(present: boolean) => void>();
  private stopped = false;

  private readonly timeoutMs: number;
  private readonly maxBusyMs: number;
  private readonly capture: UsbCapture | undefined;

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
  }

  onDisconnect(listener: (error: DeviceDisconnectedError) => void): void {
    this.disconnectListeners.push(listener);
  }

  onCardChange(listener: (present: boolean) => void): () => void {
    this.cardListeners.add(listener);
    return () => this.cardListeners.delete(listener);
  }

  /** Idempotent: the first cause wins, listeners hear it once, every pending I/O rejects with it. */
  markDisconnected(cause?: unknown): DeviceDisconnectedError {
    if (this.disconnected) return this.disconnected;
    const error = new DeviceDisconnectedError(this.deviceName, `${this.deviceName} was disconnected`, { cause });
    this.disconnected = error;
    this.stopped = true;
    for (const abort of [...this.pendingIo]) abort(error);
    this.pendingIo.clear();
    for (const listener of this.disconnectListeners.splice(0)) listener(error);
    return error;
  }

  stop(): void {
    this.stopped = true;
  }

  /** Sends one message with the next bSeq and returns its successful reply. */
  async command(message: PcToRdrMessage): Promise<RdrToPcMessage> {
    const seq = this.nextSeq();
    await this.send({ ...message, seq });
    const started = Date.now();
    for (;;) {
      const frame = await this.read();
      if (frame === TIMEOUT) {
        await this.abort();
        throw new CcidTimeoutError(this.timeoutMs);
      }
      const reply = decodeRdrToPc(frame);
      if (reply.seq !== seq) throw new CcidSequenceError(seq, reply.seq);
      const commandStatus = commandStatusOf(reply.status);
      if (commandStatus === COMMAND_STATUS.TimeExtension) {
        // CCID §6.2.6: the card asked for more time; wait again, but not for ever.
        if (Date.now() - started <= this.maxBusyMs) continue;
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

  /** Reads NotifySlotChange messages until stopped; the card state goes to the listeners. */
  startInterruptListener(): void {
    const endpoint = this.ccid.interruptIn;
    if (endpoint === null) return;
    const loop = async (): Promise<void> => {
      while (!this.stopped) {
        const result = await this.guard('transfer', this.device.transferIn(endpoint, INTERRUPT_READ_LENGTH));
        if (this.stopped || !result.data) return;
        const bytes = new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength);
        this.capture?.interruptIn(endpoint, bytes);
        const message = decodeInterrupt(bytes);
        const slot = message.kind === 'NotifySlotChange' ? message.slots[0] : undefined;
        if (slot?.changed) for (const listener of this.cardListeners) listener(slot.present);
      }
    };
    // The loop ends with the link: release/close aborts its transfer; a disconnect was already reported.
    loop().catch(() => undefined);
  }

  private nextSeq(): number {
    const seq = this.seq;
    this.seq = (this.seq + 1) & 0xff;
    return seq;
  }

  private async send(message: PcToRdrMessage): Promise<void> {
    const frame = encodePcToRdr(message);
    this.capture?.bulkOut(this.ccid.bulkOut, frame);
    await this.guard('transfer', this.device.transferOut(this.ccid.bulkOut, frame));
  }

  /**
   * Reads one RDR_to_PC message; a USB transfer ends a CCID message, so one transferIn of the largest message
   * is enough. After a timeout the transfer stays pending and the next read (the abort's) takes it over.
   */
  private async read(): Promise<Uint8Array | typeof TIMEOUT> {
    if (!this.pendingRead) {
      const length = this.ccid.descriptor.maxCcidMessageLength + CCID_HEADER_LENGTH;
      this.pendingRead = this.device.transferIn(this.ccid.bulkIn, length);
      this.pendingRead.catch(() => undefined);
    }
    const pending = this.pendingRead;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<typeof TIMEOUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMEOUT), this.timeoutMs);
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

  /**
   * Ends an I/O early when the device disconnects, and types its failure; NotFound/Network means unplugged.
   * Each call registers its own abort hook and removes it when settled, so nothing accumulates per transfer.
   */
  private guard<T>(operation: UsbOperation, io: Promise<T>): Promise<T> {
    if (this.disconnected) {
      io.catch(() => undefined); // the device is gone: its own failure is expected and already reported
      return Promise.reject(this.disconnected);
    }
    return new Promise<T>((resolve, reject) => {
      const abort = (error: DeviceDisconnectedError): void => reject(error);
      this.pendingIo.add(abort);
      io.then(
        (value) => {
          this.pendingIo.delete(abort);
          resolve(value);
        },
        (error: unknown) => {
          this.pendingIo.delete(abort);
          if (this.disconnected) reject(this.disconnected);
          else if (isDisconnectName(error)) reject(this.markDisconnected(error));
          else reject(classifyWebUsbError(error, { deviceName: this.deviceName, operation }));
        },
      );
    });
  }
}
