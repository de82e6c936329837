/**
 * The reader side of CCID (CCID Rev 1.1 §6): takes PC_to_RDR frames, drives the SmartCard, returns RDR_to_PC
 * frames. It handles extended-APDU chaining (§6.1.4 wLevelParameter / §6.2.1 bChainParameter) itself; at TPDU
 * level it hands each XfrBlock to the card's T=0/T=1 engine instead (virtual-tpdu-slot.ts).
 */
import { concat } from './card-bytes';
import {
  COMMAND,
  HEADER_LENGTH,
  ICC,
  LEVEL,
  SLOT_ERROR,
  dataBlock,
  decodeHostFrame,
  parameters,
  slotStatus,
  statusByte,
  type HostMessage,
} from './ccid-frames';
import type { SmartCard } from './smart-card';
import type { VirtualTpduSlot } from './virtual-tpdu-slot';
import type { ReaderExchangeLevel } from './virtual-usb-descriptors';

/** T=1 protocol data for GetParameters (CCID §6.2.3 table 6.2-4): Fi/Di 11, TCCKS 10, guard 0, BWI/CWI 45, IFSC FE. */
const T1_PARAMETERS = Uint8Array.of(0x11, 0x10, 0x00, 0x45, 0x00, 0xfe, 0x00);
const PROTOCOL_T1 = 1;
/** Header + Lc/Le of the longest short APDU (ISO 7816-4 §5.1: 4 + 1 + 255 + 1). */
const SHORT_APDU_MAX = 261;
const EMPTY = new Uint8Array(0);

type XfrBlock = Extract<HostMessage, { kind: 'XfrBlock' }>;
/** §6.1.7 field offsets a failed RDR_to_PC_Parameters names in bError. */
const SET_PARAMETERS_OFFSETS = { protocolNum: 7, length: 1 } as const;

export class VirtualCcidReader {
  cardPresent = true;
  private powered = false;
  private commandParts: Uint8Array[] = [];
  private pendingResponse: Uint8Array | null = null;

  constructor(
    private readonly card: SmartCard,
    private readonly level: ReaderExchangeLevel,
    private readonly maxMessageLength: number,
    /** Set at TPDU level: the card speaks T=0/T=1 itself behind this slot. */
    private readonly tpdu: VirtualTpduSlot | null = null,
  ) {}

  removeCard(): void {
    this.cardPresent = false;
    this.powered = false;
    this.reset();
  }

  /** USB power went away (unplug): the card is unpowered until the next IccPowerOn. */
  powerLoss(): void {
    this.powered = false;
    this.reset();
  }

  insertCard(): void {
    this.cardPresent = true;
  }

  private get icc(): number {
    if (!this.cardPresent) return ICC.Absent;
    return this.powered ? ICC.Active : ICC.Inactive;
  }

  /** A time-extension reply for a command (CCID §6.2.6: bmCommandStatus 2, bError = the BWT multiplier). */
  timeExtension(slot: number, seq: number, multiplier = 1): Uint8Array {
    return dataBlock({ slot, seq, status: statusByte(this.icc, COMMAND.TimeExtension), error: multiplier }, 0, EMPTY);
  }

  /** Answers one frame; null when the frame is too short to know whom to answer. */
  async handle(frame: Uint8Array): Promise<{ message: HostMessage | null; reply: Uint8Array | null }> {
    const message = decodeHostFrame(frame);
    if (message === null) return { message: null, reply: null };
    if (message.kind === 'refused') {
      const reply = slotStatus({ slot: message.slot, seq: message.seq, status: statusByte(this.icc, COMMAND.Failed), error: message.error });
      return { message: null, reply };
    }
    return { message, reply: await this.answer(message) };
  }

  private head(message: HostMessage, error?: number): { slot: number; seq: number; status: number; error: number } {
    const command = error === undefined ? COMMAND.Processed : COMMAND.Failed;
    return { slot: message.slot, seq: message.seq, status: statusByte(this.icc, command), error: error ?? 0 };
  }

  private failedBlock(message: HostMessage, error: number): Uint8Array {
    return dataBlock(this.head(message, error), 0, EMPTY);
  }

  private async answer(message: HostMessage): Promise<Uint8Array> {
    switch (message.kind) {
      case 'IccPowerOn': {
        if (!this.cardPresent) return this.failedBlock(message, SLOT_ERROR.IccMute);
        const atr = this.tpdu ? await this.tpdu.powerOn() : await this.card.powerOn();
        this.powered = true;
        this.reset();
        return dataBlock(this.head(message), 0, atr);
      }
      case 'IccPowerOff':
        if (this.cardPresent && this.powered) await (this.tpdu ?? this.card).powerOff();
        this.powered = false;
        this.reset();
        return slotStatus(this.head(message));
      case 'GetSlotStatus':
      case 'Abort':
        return slotStatus(this.head(message));
      case 'GetParameters': {
        const current = this.tpdu?.current();
        return current?.ok ? parameters(this.head(message), current.protocolNum, current.data) : parameters(this.head(message), PROTOCOL_T1, T1_PARAMETERS);
      }
      case 'SetParameters': {
        const answer = this.tpdu?.setParameters(message.protocolNum, message.data, SET_PARAMETERS_OFFSETS);
        if (!answer) return parameters(this.head(message, SLOT_ERROR.CommandNotSupported), message.protocolNum, EMPTY);
        if (!answer.ok) return parameters(this.head(message, answer.error), message.protocolNum, EMPTY);
        return parameters(this.head(message), answer.protocolNum, answer.data);
      }
      case 'XfrBlock':
        if (!this.cardPresent || !this.powered) return this.failedBlock(message, SLOT_ERROR.IccMute);
        return this.tpdu ? this.transferTpdu(message, this.tpdu) : this.transfer(message);
    }
  }

  private async transfer(message: XfrBlock): Promise<Uint8Array> {
    const { levelParameter, data } = message;
    // Only an extended-APDU reader chains blocks (§6.1.4); a short-APDU one takes one whole short APDU.
    if (this.level !== 'extended-apdu' && (levelParameter !== LEVEL.BeginsAndEnds || data.length > SHORT_APDU_MAX)) {
      return this.failedBlock(message, SLOT_ERROR.BadLevelParameter);
    }
    switch (levelParameter) {
      case LEVEL.BeginsAndEnds:
        this.reset();
        return this.respond(message, await this.transmit(data));
      case LEVEL.BeginsAndContinues:
        this.reset();
        this.commandParts.push(data);
        return dataBlock(this.head(message), LEVEL.Empty, EMPTY);
      case LEVEL.Continues:
        this.commandParts.push(data);
        return dataBlock(this.head(message), LEVEL.Empty, EMPTY);
      case LEVEL.ContinuesAndEnds: {
        const command = concat(...this.commandParts, data);
        this.commandParts = [];
        return this.respond(message, await this.transmit(command));
      }
      case LEVEL.Empty:
        if (!this.pendingResponse) return this.failedBlock(message, SLOT_ERROR.BadLevelParameter);
        return this.respond(message, this.pendingResponse, true);
      default:
        return this.failedBlock(message, SLOT_ERROR.BadLevelParameter);
    }
  }

  /** §6.1.4 at TPDU level: wLevelParameter is RFU (0); one block in, the card's answer out, or a slot error. */
  private async transferTpdu(message: XfrBlock, slot: VirtualTpduSlot): Promise<Uint8Array> {
    if (message.levelParameter !== LEVEL.BeginsAndEnds) return this.failedBlock(message, SLOT_ERROR.BadLevelParameter);
    const answer = await slot.exchange(message.data).catch(() => SLOT_ERROR.IccMute);
    if (typeof answer === 'number') return this.failedBlock(message, answer);
    return dataBlock(this.head(message), LEVEL.BeginsAndEnds, answer);
  }

  private async transmit(command: Uint8Array): Promise<Uint8Array | null> {
    try {
      return await this.card.transmit(command);
    } catch {
      return null;
    }
  }

  /** Sends a response in blocks of the largest message when it does not fit in one (CCID §6.2.1). */
  private respond(message: HostMessage, response: Uint8Array | null, continuing = false): Uint8Array {
    if (response === null) return this.failedBlock(message, SLOT_ERROR.HwError);
    const max = this.maxMessageLength - HEADER_LENGTH;
    if (response.length <= max) {
      this.pendingResponse = null;
      return dataBlock(this.head(message), continuing ? LEVEL.ContinuesAndEnds : LEVEL.BeginsAndEnds, response);
    }
    this.pendingResponse = response.slice(max);
    return dataBlock(this.head(message), continuing ? LEVEL.Continues : LEVEL.BeginsAndContinues, response.subarray(0, max));
  }

  private reset(): void {
    this.commandParts = [];
    this.pendingResponse = null;
  }
}
