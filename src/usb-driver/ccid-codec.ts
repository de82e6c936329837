/**
 * Pure CCID message codec (CCID Rev 1.1 §6.1 PC_to_RDR, §6.2 RDR_to_PC, §6.3 interrupt). No I/O: the transport
 * loops USB transfers over these functions, and the virtual device uses the inverse direction.
 */
import {
  CCID_CLASS_REQUEST,
  CCID_HEADER_LENGTH,
  PC_TO_RDR,
  RDR_TO_PC,
  RDR_TO_PC_INTERRUPT,
  type CommandStatus,
  type IccStatus,
} from './ccid-constants';
import { MalformedCcidError } from './ccid-errors';

interface Addressed {
  readonly slot: number;
  readonly seq: number;
}

/** PC_to_RDR messages (CCID §6.1.1–§6.1.5, §6.1.7, §6.1.13). */
export type PcToRdrMessage =
  | (Addressed & { readonly kind: 'IccPowerOn'; readonly powerSelect: number })
  | (Addressed & { readonly kind: 'IccPowerOff' })
  | (Addressed & { readonly kind: 'GetSlotStatus' })
  | (Addressed & { readonly kind: 'GetParameters' })
  | (Addressed & { readonly kind: 'Abort' })
  | (Addressed & { readonly kind: 'SetParameters'; readonly protocolNum: number; readonly data: Uint8Array })
  | (Addressed & {
      readonly kind: 'XfrBlock';
      readonly bwi: number;
      readonly levelParameter: number;
      readonly data: Uint8Array;
    });

interface ReplyBase extends Addressed {
  /** Raw bStatus: bits 0-1 bmICCStatus, bits 6-7 bmCommandStatus (CCID §6.2.6). */
  readonly status: number;
  readonly error: number;
}

/** RDR_to_PC replies (CCID §6.2.1–§6.2.3). */
export type RdrToPcMessage =
  | (ReplyBase & { readonly kind: 'DataBlock'; readonly chainParameter: number; readonly data: Uint8Array })
  | (ReplyBase & { readonly kind: 'SlotStatus'; readonly clockStatus: number })
  | (ReplyBase & { readonly kind: 'Parameters'; readonly protocolNum: number; readonly data: Uint8Array });

export interface SlotChange {
  readonly present: boolean;
  readonly changed: boolean;
}

/** Interrupt IN messages (CCID §6.3.1, §6.3.2). */
export type InterruptMessage =
  | { readonly kind: 'NotifySlotChange'; readonly slots: readonly SlotChange[] }
  | { readonly kind: 'HardwareError'; readonly slot: number; readonly seq: number; readonly errorCode: number };

const PC_KIND_BY_TYPE = new Map<number, PcToRdrMessage['kind']>(
  Object.entries(PC_TO_RDR).map(([kind, type]) => [type, kind as PcToRdrMessage['kind']]),
);
const RDR_KIND_BY_TYPE = new Map<number, RdrToPcMessage['kind']>(
  Object.entries(RDR_TO_PC).map(([kind, type]) => [type, kind as RdrToPcMessage['kind']]),
);

export const iccStatusOf = (status: number): IccStatus => (status & 0x03) as IccStatus;
export const commandStatusOf = (status: number): CommandStatus => ((status >> 6) & 0x03) as CommandStatus;
export const makeStatus = (icc: IccStatus, command: CommandStatus): number => (command << 6) | icc;

function frame(type: number, slot: number, seq: number, b7: number, b8: number, b9: number, data?: Uint8Array): Uint8Array<ArrayBuffer> {
  const body = data ?? new Uint8Array(0);
  const out = new Uint8Array(CCID_HEADER_LENGTH + body.length);
  const view = new DataView(out.buffer);
  out[0] = type;
  view.setUint32(1, body.length, true); // dwLength is little-endian (CCID §6.1)
  out[5] = slot & 0xff;
  out[6] = seq & 0xff;
  out[7] = b7 & 0xff;
  out[8] = b8 & 0xff;
  out[9] = b9 & 0xff;
  out.set(body, CCID_HEADER_LENGTH);
  return out;
}

export function encodePcToRdr(message: PcToRdrMessage): Uint8Array<ArrayBuffer> {
  const { slot, seq } = message;
  switch (message.kind) {
    case 'IccPowerOn':
      return frame(PC_TO_RDR.IccPowerOn, slot, seq, message.powerSelect, 0, 0);
    case 'XfrBlock':
      // bBWI, then wLevelParameter little-endian (CCID §6.1.4).
      return frame(PC_TO_RDR.XfrBlock, slot, seq, message.bwi, message.levelParameter, message.levelParameter >> 8, message.data);
    case 'SetParameters':
      // bProtocolNum, then two RFU bytes; abProtocolDataStructure follows (CCID §6.1.7).
      return frame(PC_TO_RDR.SetParameters, slot, seq, message.protocolNum, 0, 0, message.data);
    default:
      return frame(PC_TO_RDR[message.kind], slot, seq, 0, 0, 0);
  }
}

export function encodeRdrToPc(message: RdrToPcMessage): Uint8Array<ArrayBuffer> {
  const { slot, seq, status, error } = message;
  switch (message.kind) {
    case 'DataBlock':
      return frame(RDR_TO_PC.DataBlock, slot, seq, status, error, message.chainParameter, message.data);
    case 'SlotStatus':
      return frame(RDR_TO_PC.SlotStatus, slot, seq, status, error, message.clockStatus);
    case 'Parameters':
      return frame(RDR_TO_PC.Parameters, slot, seq, status, error, message.protocolNum, message.data);
  }
}

/** Checks the 10-byte header and that dwLength matches the bytes (a USB transfer ends a CCID message). */
function readHeader(bytes: Uint8Array): { type: number; length: number } {
  if (bytes.length < CCID_HEADER_LENGTH) {
    throw new MalformedCcidError('short-header', `CCID message of ${bytes.length} bytes is shorter than its header`);
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1, true);
  if (length !== bytes.length - CCID_HEADER_LENGTH) {
    const reason = length > bytes.length - CCID_HEADER_LENGTH ? 'truncated' : 'trailing-bytes';
    throw new MalformedCcidError(reason, `CCID dwLength ${length} but ${bytes.length - CCID_HEADER_LENGTH} data bytes`);
  }
  return { type: bytes[0] as number, length };
}

const at = (bytes: Uint8Array, index: number): number => bytes[index] as number;

function requireEmpty(kind: string, length: number): void {
  if (length !== 0) throw new MalformedCcidError('unexpected-data', `${kind} carries ${length} data bytes`);
}

/** abProtocolDataStructure lengths: T=0 five bytes, T=1 seven bytes (CCID §6.1.7). */
const PROTOCOL_DATA_LENGTH: Readonly<Record<number, number>> = { 0: 5, 1: 7 };

/** The protocol data of SetParameters/Parameters; RDR_to_PC_Parameters may carry none (§6.2.3 on failure). */
function protocolData(protocolNum: number, bytes: Uint8Array, length: number): Uint8Array {
  const expected = PROTOCOL_DATA_LENGTH[protocolNum];
  if (length !== 0 && expected !== length) {
    throw new MalformedCcidError('bad-parameters', `T=${protocolNum} parameters of ${length} bytes`);
  }
  return bytes.slice(CCID_HEADER_LENGTH);
}

export function decodePcToRdr(bytes: Uint8Array): PcToRdrMessage {
  const { type, length } = readHeader(bytes);
  const kind = PC_KIND_BY_TYPE.get(type);
  if (kind === undefined) throw new MalformedCcidError('unknown-type', `Unknown PC_to_RDR type 0x${type.toString(16)}`);
  const slot = at(bytes, 5);
  const seq = at(bytes, 6);
  switch (kind) {
    case 'XfrBlock':
      return {
        kind, slot, seq, bwi: at(bytes, 7), levelParameter: at(bytes, 8) | (at(bytes, 9) << 8),
        data: bytes.slice(CCID_HEADER_LENGTH),
      };
    case 'IccPowerOn':
      requireEmpty(kind, length);
      return { kind, slot, seq, powerSelect: at(bytes, 7) };
    case 'SetParameters':
      return { kind, slot, seq, protocolNum: at(bytes, 7), data: protocolData(at(bytes, 7), bytes, length) };
    default:
      requireEmpty(kind, length);
      return { kind, slot, seq };
  }
}


export function decodeRdrToPc(bytes: Uint8Array): RdrToPcMessage {
  const { type, length } = readHeader(bytes);
  const kind = RDR_KIND_BY_TYPE.get(type);
  if (kind === undefined) throw new MalformedCcidError('unknown-type', `Unknown RDR_to_PC type 0x${type.toString(16)}`);
  const base = { slot: at(bytes, 5), seq: at(bytes, 6), status: at(bytes, 7), error: at(bytes, 8) };
  if ((base.status & 0x3c) !== 0 || iccStatusOf(base.status) === 3 || commandStatusOf(base.status) === 3) {
    throw new MalformedCcidError('bad-status', `bStatus 0x${base.status.toString(16)} uses reserved bits`);
  }
  switch (kind) {
    case 'DataBlock':
      // A view, not a copy: the reply buffer belongs to the caller (one USB transfer each).
      return { kind, ...base, chainParameter: at(bytes, 9), data: bytes.subarray(CCID_HEADER_LENGTH) };
    case 'SlotStatus':
      requireEmpty(kind, length);
      return { kind, ...base, clockStatus: at(bytes, 9) };
    case 'Parameters': {
      const protocolNum = at(bytes, 9);
      return { kind, ...base, protocolNum, data: protocolData(protocolNum, bytes, length) };
    }
  }
}

export function encodeNotifySlotChange(slots: readonly SlotChange[]): Uint8Array {
  // Two bits per slot: bit 0 present, bit 1 changed (CCID §6.3.1), padded to whole bytes.
  const out = new Uint8Array(1 + Math.ceil((slots.length * 2) / 8));
  out[0] = RDR_TO_PC_INTERRUPT.NotifySlotChange;
  slots.forEach((slot, index) => {
    const bits = (slot.present ? 1 : 0) | (slot.changed ? 2 : 0);
    const byteIndex = 1 + (index >> 2);
    out[byteIndex] = at(out, byteIndex) | (bits << ((index & 3) * 2));
  });
  return out;
}

export function encodeHardwareError(slot: number, seq: number, errorCode: number): Uint8Array {
  return Uint8Array.of(RDR_TO_PC_INTERRUPT.HardwareError, slot & 0xff, seq & 0xff, errorCode & 0xff);
}

export function decodeInterrupt(bytes: Uint8Array): InterruptMessage {
  const type = bytes[0];
  if (type === RDR_TO_PC_INTERRUPT.NotifySlotChange && bytes.length >= 2) {
    const slots: SlotChange[] = [];
    for (let index = 0; index < (bytes.length - 1) * 4; index++) {
      const bits = (at(bytes, 1 + (index >> 2)) >> ((index & 3) * 2)) & 3;
      slots.push({ present: (bits & 1) !== 0, changed: (bits & 2) !== 0 });
    }
    return { kind: 'NotifySlotChange', slots };
  }
  if (type === RDR_TO_PC_INTERRUPT.HardwareError && bytes.length === 4) {
    return { kind: 'HardwareError', slot: at(bytes, 1), seq: at(bytes, 2), errorCode: at(bytes, 3) };
  }
  throw new MalformedCcidError('bad-interrupt', `Interrupt message of ${bytes.length} bytes, type ${String(type)}`);
}

/** CCID §5.3.1 ABORT control request: wValue = bSeq << 8 | bSlot, wIndex = interface number. */
export function abortSetup(slot: number, seq: number, interfaceNumber: number): USBControlTransferParameters {
  return {
    requestType: 'class',
    recipient: 'interface',
    request: CCID_CLASS_REQUEST.Abort,
    value: ((seq & 0xff) << 8) | (slot & 0xff),
    index: interfaceNumber,
  };
}
