/**
 * Errors of CanoKey's WebUSB link, each in the user's words through its guide. An unplug is the USB driver's
 * DeviceDisconnectedError (one cause, one text, whichever source the token came through).
 */
import { registerError, UKeyError, type GuideId } from '../../shared/errors';
import './error-texts';

type Fields = Record<string, string | number | boolean | null>;

/**
 * The key stalled our command: its one APDU buffer belongs to the CCID side (native middleware, another
 * browser or tab holding the WebUSB side) — canokey-core webusb.c answers "Busy" when acquire_apdu_buffer fails.
 */
export class CanoKeyBusyError extends UKeyError {
  override readonly name = 'CanoKeyBusyError';
  readonly guideId: GuideId = 'device-busy';
  constructor(readonly deviceName: string, message = `${deviceName}: the key's APDU buffer is held by another program`) {
    super(message);
  }
  override toFields(): Fields {
    return { deviceName: this.deviceName };
  }
}
registerError('CanoKeyBusyError', (m, f) => new CanoKeyBusyError(String(f.deviceName ?? ''), m));

/** No response within the bound: the key stayed "processing" (or never answered the status request). */
export class CanoKeyTimeoutError extends UKeyError {
  override readonly name = 'CanoKeyTimeoutError';
  readonly guideId: GuideId = 'card-error';
  constructor(readonly deviceName: string, readonly timeoutMs: number, message = `${deviceName}: no response within ${timeoutMs} ms`) {
    super(message);
  }
  /** Seconds, for the user's text. */
  get seconds(): number {
    return Math.round(this.timeoutMs / 1000);
  }
  override toFields(): Fields {
    return { deviceName: this.deviceName, timeoutMs: this.timeoutMs, seconds: this.seconds };
  }
}
registerError('CanoKeyTimeoutError', (m, f) => new CanoKeyTimeoutError(String(f.deviceName ?? ''), Number(f.timeoutMs ?? 0), m));

/**
 * The key left the command/status/response cycle: an unknown status byte, a stalled status or response
 * request, idle while we waited, or a response shorter than a status word. The command is not re-sent.
 */
export class CanoKeyProtocolError extends UKeyError {
  override readonly name = 'CanoKeyProtocolError';
  readonly guideId: GuideId = 'card-error';
  constructor(readonly deviceName: string, readonly detail: string, message = `${deviceName}: ${detail}`) {
    super(message);
  }
  override toFields(): Fields {
    return { deviceName: this.deviceName, detail: this.detail };
  }
}
registerError('CanoKeyProtocolError', (m, f) => new CanoKeyProtocolError(String(f.deviceName ?? ''), String(f.detail ?? ''), m));

/**
 * Letting go of the key, the applet switch that clears its PIN and management-key status (canokey-security-reset.ts)
 * was not answered 9000: the key may still be unlocked for whoever talks to it next, until it loses power.
 */
export class CanoKeySecurityResetError extends UKeyError {
  override readonly name = 'CanoKeySecurityResetError';
  readonly guideId: GuideId = 'device-busy';
  constructor(readonly deviceName: string, readonly detail: string, message = `${deviceName}: security status not reset on release (${detail})`) {
    super(message);
  }
  override toFields(): Fields {
    return { deviceName: this.deviceName, detail: this.detail };
  }
}
registerError('CanoKeySecurityResetError', (m, f) => new CanoKeySecurityResetError(String(f.deviceName ?? ''), String(f.detail ?? ''), m));
