/**
 * The one place where a Web Smart Card API failure becomes a typed error. Classification is by the
 * SmartCardError `responseCode` (WICG web-smart-card §SmartCardResponseCode, the PC/SC SCARD_E_/SCARD_W_
 * codes) and the DOMException name — never by message text. Most map onto the device errors the USB driver
 * already raises, so the UI explains them the same way whichever source the token came through.
 */
import { NotSupportedError, registerError, UKeyError, type GuideId } from '../../shared/errors';
import {
  CardAbsentError,
  CardMuteError,
  DeviceBusyError,
  DeviceDisconnectedError,
  DeviceNotFoundError,
} from '../../usb-driver';
import { SMART_CARD_RESPONSE_CODES, type SmartCardResponseCode } from './web-smart-card-types';
import './error-texts';

/** A PC/SC failure with no better class (service gone, not ready, cancelled by the system). */
export class SmartCardServiceError extends UKeyError {
  override readonly name = 'SmartCardServiceError';
  readonly guideId: GuideId = 'card-error';
  constructor(
    readonly readerName: string,
    /** The SmartCardResponseCode, or the DOMException name when the failure carried none. */
    readonly responseCode: string,
    message = `Smart card service failed on ${readerName || 'the PC/SC context'} (${responseCode})`,
  ) {
    super(message);
  }
  override toFields(): Record<string, string> {
    return { readerName: this.readerName, responseCode: this.responseCode };
  }
}
registerError('SmartCardServiceError', (m, f) => new SmartCardServiceError(String(f.readerName ?? ''), String(f.responseCode ?? ''), m));

/** What we were doing: the same code means "not there yet" on connect and "gone" on an open connection. */
export type SmartCardOperation = 'context' | 'list' | 'watch' | 'connect' | 'transmit' | 'transaction' | 'disconnect';

function field(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}

export function responseCodeOf(error: unknown): SmartCardResponseCode | null {
  const code = field(error, 'responseCode');
  return typeof code === 'string' && (SMART_CARD_RESPONSE_CODES as readonly string[]).includes(code) ? (code as SmartCardResponseCode) : null;
}

/** Codes after which an open connection is of no more use: the card or reader went away, or was reset. */
const GONE: ReadonlySet<SmartCardResponseCode> = new Set(['removed-card', 'reader-unavailable', 'unknown-reader', 'reset-card', 'no-smartcard']);

export function isGoneCode(code: SmartCardResponseCode | null): boolean {
  return code !== null && GONE.has(code);
}

function fromResponseCode(code: SmartCardResponseCode, readerName: string, operation: SmartCardOperation): UKeyError {
  const reader = readerName || 'the smart card reader';
  switch (code) {
    case 'no-smartcard':
      return operation === 'connect' ? new CardAbsentError(`No card in ${reader}`) : new DeviceDisconnectedError(reader);
    case 'removed-card':
      return new DeviceDisconnectedError(reader, `The card was removed from ${reader}`);
    case 'reset-card':
      // Another program reset the card: the selected application and verified PIN are gone (PC/SC Part 5).
      return new DeviceDisconnectedError(reader, `The card in ${reader} was reset by another program`);
    case 'reader-unavailable':
    case 'unknown-reader':
      return operation === 'connect' ? new DeviceNotFoundError(reader) : new DeviceDisconnectedError(reader);
    case 'unresponsive-card':
    case 'unpowered-card':
      return new CardMuteError(`The card in ${reader} does not answer (${code})`);
    case 'sharing-violation':
    case 'server-too-busy':
      return new DeviceBusyError(reader, `${reader} is in use by another program (${code})`);
    case 'unsupported-card':
    case 'proto-mismatch':
    case 'unsupported-feature':
      return new NotSupportedError(`PC/SC ${code}`, `${reader}: ${code}`);
    default:
      return new SmartCardServiceError(readerName, code);
  }
}

/** Any rejection of the Web Smart Card API → a typed error. Our own UKeyErrors pass through unchanged. */
export function classifySmartCardError(error: unknown, readerName: string, operation: SmartCardOperation): UKeyError {
  if (error instanceof UKeyError) return error;
  const code = responseCodeOf(error);
  if (code) return fromResponseCode(code, readerName, operation);
  const name = field(error, 'name');
  switch (name) {
    case 'SecurityError':
    case 'NotAllowedError':
      // Not an Isolated Web App, or the "smart-card" permissions policy is not granted.
      return new NotSupportedError('Web Smart Card API', 'The Web Smart Card API is not allowed in this context', 'browser-versions');
    case 'InvalidStateError':
      // One PC/SC operation per context at a time, or a connection already disconnected (§SmartCardContext).
      return new DeviceBusyError(readerName || 'the smart card reader', `PC/SC context busy or connection closed during ${operation}`);
    default:
      return new SmartCardServiceError(readerName, typeof name === 'string' ? name : 'unknown');
  }
}
