/**
 * The Web Smart Card API as the WICG draft defines it (wicg.github.io/web-smart-card, index.bs IDL), declared
 * here because no type package is installed. Exposed in Isolated Web Apps only (`[IsolatedContext]`), behind
 * the "smart-card" permissions policy; Chrome shipped it on ChromeOS M143, Window first.
 */

/** §SmartCardResourceManager: `navigator.smartCard`. */
export interface SmartCardResourceManager {
  establishContext(): Promise<SmartCardContext>;
}

/** §SmartCardContext: one PC/SC context; one operation at a time, else InvalidStateError. */
export interface SmartCardContext {
  listReaders(): Promise<string[]>;
  getStatusChange(readerStates: readonly SmartCardReaderStateIn[], options?: SmartCardGetStatusChangeOptions): Promise<SmartCardReaderStateOut[]>;
  connect(readerName: string, accessMode: SmartCardAccessMode, options?: SmartCardConnectOptions): Promise<SmartCardConnectResult>;
}

export interface SmartCardReaderStateFlagsIn {
  unaware?: boolean;
  ignore?: boolean;
  unavailable?: boolean;
  empty?: boolean;
  present?: boolean;
  exclusive?: boolean;
  inuse?: boolean;
  mute?: boolean;
  unpowered?: boolean;
}

export interface SmartCardReaderStateIn {
  readerName: string;
  currentState: SmartCardReaderStateFlagsIn;
  /** Card insertion/removal events seen so far (the high word of PC/SC dwCurrentState). */
  currentCount?: number;
}

export interface SmartCardReaderStateFlagsOut {
  ignore: boolean;
  changed: boolean;
  unavailable: boolean;
  unknown: boolean;
  empty: boolean;
  present: boolean;
  exclusive: boolean;
  inuse: boolean;
  mute: boolean;
  unpowered: boolean;
}

export interface SmartCardReaderStateOut {
  readerName: string;
  eventState: SmartCardReaderStateFlagsOut;
  eventCount: number;
  answerToReset?: ArrayBuffer;
}

export interface SmartCardGetStatusChangeOptions {
  /** Milliseconds; PC/SC INFINITE when absent. */
  timeout?: number;
  signal?: AbortSignal;
}

export type SmartCardProtocol = 'raw' | 't0' | 't1';
export type SmartCardAccessMode = 'shared' | 'exclusive' | 'direct';
export type SmartCardDisposition = 'leave' | 'reset' | 'unpower' | 'eject';

export interface SmartCardConnectOptions {
  preferredProtocols?: SmartCardProtocol[];
}

export interface SmartCardConnectResult {
  connection: SmartCardConnection;
  activeProtocol?: SmartCardProtocol;
}

export type SmartCardConnectionState = 'absent' | 'present' | 'swallowed' | 'powered' | 'negotiable' | 't0' | 't1' | 'raw';

export interface SmartCardConnectionStatus {
  readerName: string;
  state: SmartCardConnectionState;
  answerToReset?: ArrayBuffer;
}

/** Resolves with the disposition to end the transaction with; undefined means "reset" (§startTransaction). */
export type SmartCardTransactionCallback = () => Promise<SmartCardDisposition | null | undefined>;

/** §SmartCardConnection. */
export interface SmartCardConnection {
  disconnect(disposition?: SmartCardDisposition): Promise<void>;
  transmit(sendBuffer: BufferSource, options?: { protocol?: SmartCardProtocol }): Promise<ArrayBuffer>;
  startTransaction(transaction: SmartCardTransactionCallback, options?: { signal?: AbortSignal }): Promise<void>;
  status(): Promise<SmartCardConnectionStatus>;
  control(controlCode: number, data: BufferSource): Promise<ArrayBuffer>;
  getAttribute(tag: number): Promise<ArrayBuffer>;
  setAttribute(tag: number, value: BufferSource): Promise<void>;
}

/** §SmartCardResponseCode: the PC/SC failures a SmartCardError (a DOMException) carries. */
export const SMART_CARD_RESPONSE_CODES = [
  'no-service',
  'no-smartcard',
  'not-ready',
  'not-transacted',
  'proto-mismatch',
  'reader-unavailable',
  'removed-card',
  'reset-card',
  'server-too-busy',
  'sharing-violation',
  'system-cancelled',
  'unknown-reader',
  'unpowered-card',
  'unresponsive-card',
  'unsupported-card',
  'unsupported-feature',
] as const;
export type SmartCardResponseCode = (typeof SMART_CARD_RESPONSE_CODES)[number];

/**
 * PC/SC's pseudo reader whose state changes when a reader is added or removed (pcsc-lite, WinSCard). A USB
 * token is a reader with its card inside, so plugging one in shows up here first.
 */
export const PNP_NOTIFICATION_READER = '\\\\?PnP?\\Notification';
