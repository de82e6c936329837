/**
 * The reader side of CCID (CCID Rev 1.1 §6): takes PC_to_RDR frames, drives the SmartCard, returns RDR_to_PC
 * frames. It handles extended-APDU chaining (§6.1.4 wLevelParameter / §6.2.1 bChainParameter) itself.
 */
import { concatBytes } from '../bytes/concat-bytes';
import { CCID_ERROR, CCID_HEADER_LENGTH, CHAIN, COMMAND_STATUS, ICC_STATUS, type IccStatus } from '../usb-driver/ccid-constants';
import { decodePcToRdr, encodeRdrToPc, makeStatus, type PcToRdrMessage } from '../usb-driver/ccid-codec';
import type { ExchangeLevel } from '../usb-driver/ccid-descriptor';
import type { SmartCard } from './smart-card';

/** T=1 protocol data for GetParameters (CCID §6.2.3): Fi/Di 11, TCCKS 10, guard 0, BWI/CWI 45, IFSC FE. */
const T1_PARAMETERS = Uint8Array.of(0x11, 0x10, 0x00, 0x45, 0x00, 0xfe, 0x00);
/** Offset of wLevelParameter in the PC_to_RDR_XfrBlock header, reported as bError for a bad value (§6.2.6). */
const LEVEL_PARAMETER_OFFSET = 8;
const SHORT_APDU_MAX = 261;

export class VirtualCcidReader {
  cardPresent = true;
  private powered = false;
  private commandParts: Uint8Array[] = [];
  private pendingResponse: Uint8Array | null = null;

  constructor(
    private readonly card: SmartCard,
    private readonly level: ExchangeLevel,
    private readonly maxMessageLength: number,
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

  private get icc(): IccStatus {
    if (!this.cardPresent) return ICC_STATUS.NoIcc;
    return this.powered ? ICC_STATUS.PresentActive : ICC_STATUS.PresentInactive;
  }

  /** A time-extension reply for a command (CCID §6.2.6: bError is the BWT multiplier). */
  timeExtension(slot: number, seq: number): Uint8Array {
    const status = makeStatus(this.icc, COMMAND_STATUS.TimeExtension);
    return encodeRdrToPc({ kind: 'DataBlock', slot, seq, status, error: 1, chainParameter: 0, data: new Uint8Array(0) });
  }

  /** Answers one frame; null when the frame is too broken to know whom to answer. */
  async handle(frame: Uint8Array): Promise<{ message: PcToRdrMessage | null; reply: Uint8Array | null }> {
    let message: PcToRdrMessage;
    try {
      message = decodePcToRdr(frame);
    } catch {
      if (frame.length < CCID_HEADER_LENGTH) return { message: null, reply: null };
      const status = makeStatus(this.icc, COMMAND_STATUS.Failed);
      const reply = encodeRdrToPc({ kind: 'SlotStatus', slot: frame[5] ?? 0, seq: frame[6] ?? 0, status, error: CCID_ERROR.CommandNotSupported, clockStatus: 0 });
      return { message: null, reply };
    }
    return { message, reply: await this.answer(message) };
  }

  private slotStatus(message: PcToRdrMessage, failedWith?: number): Uint8Array {
    const status = makeStatus(this.icc, failedWith === undefined ? COMMAND_STATUS.Processed : COMMAND_STATUS.Failed);
    return encodeRdrToPc({ kind: 'SlotStatus', slot: message.slot, seq: message.seq, status, error: failedWith ?? 0, clockStatus: 0 });
  }

  private dataBlock(message: PcToRdrMessage, data: Uint8Array, chainParameter = 0): Uint8Array {
    const status = makeStatus(this.icc, COMMAND_STATUS.Processed);
    return encodeRdrToPc({ kind: 'DataBlock', slot: message.slot, seq: message.seq, status, error: 0, chainParameter, data });
  }

  private failedBlock(message: PcToRdrMessage, error: number): Uint8Array {
    const status = makeStatus(this.icc, COMMAND_STATUS.Failed);
    return encodeRdrToPc({ kind: 'DataBlock', slot: message.slot, seq: message.seq, status, error, chainParameter: 0, data: new Uint8Array(0) });
  }

  private async answer(message: PcToRdrMessage): Promise<Uint8Array> {
    switch (message.kind) {
      case 'IccPowerOn': {
        if (!this.cardPresent) return this.failedBlock(message, CCID_ERROR.IccMute);
        const atr = await this.card.powerOn();
        this.powered = true;
        this.reset();
        return this.dataBlock(message, atr);
      }
      case 'IccPowerOff':
        if (this.cardPresent && this.powered) await this.card.powerOff();
        this.powered = false;
        this.reset();
        return this.slotStatus(message);
      case 'GetSlotStatus':
      case 'Abort':
        return this.slotStatus(message);
      case 'GetParameters': {
        const status = makeStatus(this.icc, COMMAND_STATUS.Processed);
        return encodeRdrToPc({ kind: 'Parameters', slot: message.slot, seq: message.seq, status, error: 0, protocolNum: 1, data: T1_PARAMETERS });
      }
      case 'XfrBlock':
        if (!this.cardPresent || !this.powered) return this.failedBlock(message, CCID_ERROR.IccMute);
        return this.transfer(message);
    }
  }

  private async transfer(message: Extract<PcToRdrMessage, { kind: 'XfrBlock' }>): Promise<Uint8Array> {
    const { levelParameter, data } = message;
    const chained = this.level === 'extended-apdu';
    if (!chained && (levelParameter !== CHAIN.BeginsAndEnds || data.length > SHORT_APDU_MAX)) {
      return this.failedBlock(message, LEVEL_PARAMETER_OFFSET);
    }
    switch (levelParameter) {
      case CHAIN.BeginsAndEnds:
        this.reset();
        return this.respond(message, await this.transmit(data));
      case CHAIN.BeginsAndContinues:
        this.reset();
        this.commandParts.push(data);
        return this.dataBlock(message, new Uint8Array(0), CHAIN.ContinueResponse);
      case CHAIN.Continues:
        this.commandParts.push(data);
        return this.dataBlock(message, new Uint8Array(0), CHAIN.ContinueResponse);
      case CHAIN.ContinuesAndEnds: {
        const command = concatBytes(...this.commandParts, data);
        this.commandParts = [];
        return this.respond(message, await this.transmit(command));
      }
      case CHAIN.ContinueResponse:
        if (!this.pendingResponse) return this.failedBlock(message, LEVEL_PARAMETER_OFFSET);
        return this.respond(message, this.pendingResponse, true);
      default:
        return this.failedBlock(message, LEVEL_PARAMETER_OFFSET);
    }
  }

  private async transmit(command: Uint8Array): Promise<Uint8Array | null> {
    try {
      return await this.card.transmit(command);
    } catch {
      return null;
    }
  }

  /** Sends a response in blocks of the largest message when it does not fit in one (CCID §6.2.1). */
  private respond(message: PcToRdrMessage, response: Uint8Array | null, continuing = false): Uint8Array {
    if (response === null) return this.failedBlock(message, CCID_ERROR.HwError);
    const max = this.maxMessageLength - CCID_HEADER_LENGTH;
    if (response.length <= max) {
      this.pendingResponse = null;
      return this.dataBlock(message, response, continuing ? CHAIN.ContinuesAndEnds : CHAIN.BeginsAndEnds);
    }
    this.pendingResponse = response.slice(max);
    return this.dataBlock(message, response.subarray(0, max), continuing ? CHAIN.Continues : CHAIN.BeginsAndContinues);
  }

  private reset(): void {
    this.commandParts = [];
    this.pendingResponse = null;
  }
}
