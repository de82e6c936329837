/**
 * CCID message framing, reader side (USB CCID Rev 1.1 §6.1 bulk-OUT, §6.2 bulk-IN, §6.3 interrupt-IN), the
 * emulator's own: it decodes what the host sends and encodes what a reader answers. Every message has a
 * 10-byte header: bMessageType, dwLength (LE, length of abData), bSlot, bSeq, then three message-specific bytes.
 */

/** PC_to_RDR message types the reader answers (§6.1.1–6.1.5, §6.1.7, §6.1.13). */
export const PC_TO_RDR = {
  SetParameters: 0x61,
  IccPowerOn: 0x62,
  IccPowerOff: 0x63,
  GetSlotStatus: 0x65,
  GetParameters: 0x6c,
  XfrBlock: 0x6f,
  Abort: 0x72,
} as const;

/** RDR_to_PC response types (§6.2.1–6.2.3) and the interrupt NotifySlotChange (§6.3.1). */
export const RDR_TO_PC = { DataBlock: 0x80, SlotStatus: 0x81, Parameters: 0x82 } as const;
const NOTIFY_SLOT_CHANGE = 0x50;

/** bmICCStatus, bits 0–1 of bStatus (§6.2.6 table 6.2-3). */
export const ICC = { Active: 0, Inactive: 1, Absent: 2 } as const;
/** bmCommandStatus, bits 6–7 of bStatus. */
export const COMMAND = { Processed: 0, Failed: 1, TimeExtension: 2 } as const;

/** bError values (§6.2.6 table 6.2-2); a positive small value is the offset of the field found wrong. */
export const SLOT_ERROR = {
  CommandNotSupported: 0x00,
  /** Offset of dwLength: the frame length does not match it. */
  BadLength: 1,
  /** Offset of bProtocolNum in PC_to_RDR_SetParameters: a protocol the card does not speak. */
  BadProtocolNum: 7,
  /** Offset of wLevelParameter in PC_to_RDR_XfrBlock. */
  BadLevelParameter: 8,
  HwError: 0xfb,
  XfrParityError: 0xfd,
  IccMute: 0xfe,
} as const;

/** wLevelParameter of XfrBlock (§6.1.4 table 6.1-4) and bChainParameter of DataBlock (§6.2.1 table 6.2-2a). */
export const LEVEL = {
  BeginsAndEnds: 0x00,
  BeginsAndContinues: 0x01,
  ContinuesAndEnds: 0x02,
  Continues: 0x03,
  /** Command: "send me the next response block"; response: "send me the next command block". */
  Empty: 0x10,
} as const;

export const HEADER_LENGTH = 10;

export type HostMessage =
  | { readonly kind: 'IccPowerOn' | 'IccPowerOff' | 'GetSlotStatus' | 'GetParameters' | 'Abort'; readonly slot: number; readonly seq: number }
  | { readonly kind: 'XfrBlock'; readonly slot: number; readonly seq: number; readonly levelParameter: number; readonly data: Uint8Array }
  | { readonly kind: 'SetParameters'; readonly slot: number; readonly seq: number; readonly protocolNum: number; readonly data: Uint8Array };

/** A frame the reader cannot take: `error` is the bError it answers with in a failed SlotStatus. */
export interface RefusedFrame {
  readonly kind: 'refused';
  readonly slot: number;
  readonly seq: number;
  readonly error: number;
}

const KIND_OF_TYPE: ReadonlyMap<number, HostMessage['kind']> = new Map(
  Object.entries(PC_TO_RDR).map(([kind, type]) => [type, kind as HostMessage['kind']]),
);

function readLe32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x1000000;
}

/** null: shorter than a header, so there is nobody to answer (a reader ignores it). */
export function decodeHostFrame(frame: Uint8Array): HostMessage | RefusedFrame | null {
  if (frame.length < HEADER_LENGTH) return null;
  const slot = frame[5]!;
  const seq = frame[6]!;
  const kind = KIND_OF_TYPE.get(frame[0]!);
  if (!kind) return { kind: 'refused', slot, seq, error: SLOT_ERROR.CommandNotSupported };
  if (readLe32(frame, 1) !== frame.length - HEADER_LENGTH) return { kind: 'refused', slot, seq, error: SLOT_ERROR.BadLength };
  // §6.1.7: bProtocolNum in byte 7, abProtocolDataStructure as the data.
  if (kind === 'SetParameters') return { kind, slot, seq, protocolNum: frame[7]!, data: frame.slice(HEADER_LENGTH) };
  if (kind !== 'XfrBlock') return { kind, slot, seq };
  const levelParameter = frame[8]! | (frame[9]! << 8);
  return { kind, slot, seq, levelParameter, data: frame.slice(HEADER_LENGTH) };
}

export function statusByte(icc: number, command: number): number {
  return (command << 6) | icc;
}

function frame(type: number, slot: number, seq: number, specific: readonly [number, number, number], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_LENGTH + data.length);
  const n = data.length;
  out.set([type, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff, slot, seq, ...specific]);
  out.set(data, HEADER_LENGTH);
  return out;
}

export interface ReplyHeader {
  readonly slot: number;
  readonly seq: number;
  readonly status: number;
  readonly error: number;
}

/** RDR_to_PC_DataBlock (§6.2.1): bStatus, bError, bChainParameter, abData. */
export function dataBlock(head: ReplyHeader, chainParameter: number, data: Uint8Array): Uint8Array {
  return frame(RDR_TO_PC.DataBlock, head.slot, head.seq, [head.status, head.error, chainParameter], data);
}

/** RDR_to_PC_SlotStatus (§6.2.2): bStatus, bError, bClockStatus (00 = clock running). */
export function slotStatus(head: ReplyHeader): Uint8Array {
  return frame(RDR_TO_PC.SlotStatus, head.slot, head.seq, [head.status, head.error, 0], new Uint8Array(0));
}

/** RDR_to_PC_Parameters (§6.2.3): bStatus, bError, bProtocolNum, abProtocolDataStructure. */
export function parameters(head: ReplyHeader, protocolNum: number, data: Uint8Array): Uint8Array {
  return frame(RDR_TO_PC.Parameters, head.slot, head.seq, [head.status, head.error, protocolNum], data);
}

/** RDR_to_PC_NotifySlotChange for slot 0 (§6.3.1): bit 0 card present, bit 1 presence changed. */
export function notifySlotChange(present: boolean, changed: boolean): Uint8Array {
  return Uint8Array.of(NOTIFY_SLOT_CHANGE, (present ? 0b01 : 0) | (changed ? 0b10 : 0));
}
