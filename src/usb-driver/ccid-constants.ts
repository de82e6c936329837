/**
 * Domain words of USB CCID (Rev 1.1) as const tables. No magic numbers in the codec or transport.
 */

/** CCID §6.1: messages the host sends on the bulk OUT endpoint. */
export const PC_TO_RDR = {
  IccPowerOn: 0x62,
  IccPowerOff: 0x63,
  GetSlotStatus: 0x65,
  XfrBlock: 0x6f,
  GetParameters: 0x6c,
  /** §6.1.7: the host sets the protocol and its parameters itself (TPDU-level readers without automatic PPS). */
  SetParameters: 0x61,
  Abort: 0x72,
} as const;
export type PcToRdrType = (typeof PC_TO_RDR)[keyof typeof PC_TO_RDR];

/** CCID §6.2: replies on the bulk IN endpoint. */
export const RDR_TO_PC = {
  DataBlock: 0x80,
  SlotStatus: 0x81,
  Parameters: 0x82,
} as const;
export type RdrToPcType = (typeof RDR_TO_PC)[keyof typeof RDR_TO_PC];

/** CCID §6.3: messages on the interrupt IN endpoint. */
export const RDR_TO_PC_INTERRUPT = {
  NotifySlotChange: 0x50,
  HardwareError: 0x51,
} as const;

/** Every CCID bulk message starts with this 10-byte header (CCID §6.1, §6.2). */
export const CCID_HEADER_LENGTH = 10;

/** CCID §6.2.6 bStatus bits 0-1. */
export const ICC_STATUS = {
  PresentActive: 0,
  PresentInactive: 1,
  NoIcc: 2,
} as const;
export type IccStatus = 0 | 1 | 2 | 3;

/** CCID §6.2.6 bStatus bits 6-7. */
export const COMMAND_STATUS = {
  Processed: 0,
  Failed: 1,
  TimeExtension: 2,
} as const;
export type CommandStatus = 0 | 1 | 2 | 3;

/** CCID §6.2.6 Table 6.2-2: slot error codes (bError when bmCommandStatus = Failed). */
export const CCID_ERROR = {
  CmdAborted: 0xff,
  IccMute: 0xfe,
  XfrParityError: 0xfd,
  XfrOverrun: 0xfc,
  HwError: 0xfb,
  BadAtrTs: 0xf8,
  BadAtrTck: 0xf7,
  IccProtocolNotSupported: 0xf6,
  IccClassNotSupported: 0xf5,
  ProcedureByteConflict: 0xf4,
  DeactivatedProtocol: 0xf3,
  BusyWithAutoSequence: 0xf2,
  PinTimeout: 0xf0,
  PinCancelled: 0xef,
  CmdSlotBusy: 0xe0,
  CommandNotSupported: 0x00,
} as const;

/** CCID §6.1.1 bPowerSelect. */
export const POWER_SELECT = { Automatic: 0, V5: 1, V3: 2, V1_8: 3 } as const;

/**
 * CCID §6.1.4 wLevelParameter (extended APDU level) and §6.2.1 bChainParameter: how an APDU longer than one
 * message is split. 0x10 asks the reader for the next part of a response.
 */
export const CHAIN = {
  BeginsAndEnds: 0x00,
  BeginsAndContinues: 0x01,
  ContinuesAndEnds: 0x02,
  Continues: 0x03,
  ContinueResponse: 0x10,
} as const;

/** CCID §5.3: class-specific control requests. */
export const CCID_CLASS_REQUEST = {
  Abort: 0x01,
  GetClockFrequencies: 0x02,
  GetDataRates: 0x03,
} as const;

/** USB 2.0 §9.3 bmRequestType for CCID §5.3.1 ABORT: host-to-device, class, interface. */
export const ABORT_REQUEST_TYPE = 0x21;

/** USB interface classes we meet (USB-IF class codes). */
export const USB_CLASS = {
  SmartCard: 0x0b,
  Hid: 0x03,
  MassStorage: 0x08,
  VendorSpecific: 0xff,
} as const;
