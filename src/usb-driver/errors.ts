/**
 * Every error of the USB driver, and the one place where a browser USB failure becomes a typed error.
 * Classification is by `DOMException.name` and the operation that failed — never by message text, which
 * differs between browsers, platforms and versions (STYLE.md, Ledger counter-example).
 */
import { NotSupportedError, UKeyError } from '../shared/errors';
import {
  AccessDeniedError,
  DeviceDisconnectedError,
  NoDeviceChosenError,
  ProtectedInterfaceError,
  UsbTransferError,
  WebUsbUnavailableError,
} from './device-errors';

export * from './ccid-errors';
export * from './device-errors';
export { AtrError } from '../tpdu';

/** What we were doing when the browser failed: the same DOMException name means different things. */
export type UsbOperation = 'request' | 'open' | 'configure' | 'claim' | 'control' | 'transfer' | 'close';

export interface UsbErrorContext {
  readonly deviceName: string;
  readonly operation: UsbOperation;
}

/** The DOMException names WebUSB raises (WebUSB §6, Chromium usb_device.cc). */
export const WEBUSB_ERROR_NAMES = {
  Security: 'SecurityError',
  Network: 'NetworkError',
  NotFound: 'NotFoundError',
  InvalidState: 'InvalidStateError',
  Abort: 'AbortError',
  NotSupported: 'NotSupportedError',
  NotAllowed: 'NotAllowedError',
} as const;

function errorName(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : null;
}

/** True for the names that mean the device is gone: a transfer to an unplugged device fails with these. */
export function isDisconnectName(error: unknown): boolean {
  const name = errorName(error);
  return name === WEBUSB_ERROR_NAMES.NotFound || name === WEBUSB_ERROR_NAMES.Network;
}

export function classifyWebUsbError(error: unknown, context: UsbErrorContext): UKeyError {
  if (error instanceof UKeyError) return error;
  const { deviceName, operation } = context;
  const name = errorName(error) ?? 'Unknown';
  switch (name) {
    case WEBUSB_ERROR_NAMES.Security:
      // claimInterface: a protected class (DESIGN.md §3). open: Windows "access denied" (no WinUSB driver).
      if (operation === 'claim') return new ProtectedInterfaceError(deviceName);
      if (operation === 'open') return new AccessDeniedError(deviceName);
      return new WebUsbUnavailableError(`WebUSB refused the ${operation} (SecurityError)`);
    case WEBUSB_ERROR_NAMES.NotAllowed:
      return new WebUsbUnavailableError(`WebUSB is not allowed here (${operation})`);
    case WEBUSB_ERROR_NAMES.NotFound:
      if (operation === 'request') return new NoDeviceChosenError();
      return new DeviceDisconnectedError(deviceName, `${deviceName} is no longer connected`, { cause: error });
    case WEBUSB_ERROR_NAMES.Network:
      // Opening or claiming fails with NetworkError when another driver or program holds the interface.
      if (operation === 'open' || operation === 'claim' || operation === 'configure') {
        return new AccessDeniedError(deviceName);
      }
      return new DeviceDisconnectedError(deviceName, `${deviceName} stopped answering`, { cause: error });
    case WEBUSB_ERROR_NAMES.InvalidState:
      if (operation === 'open' || operation === 'claim' || operation === 'configure') {
        return new AccessDeniedError(deviceName, `${deviceName} is in use (${operation})`);
      }
      return new DeviceDisconnectedError(deviceName, `${deviceName} was closed during ${operation}`, { cause: error });
    case WEBUSB_ERROR_NAMES.Abort:
      return new DeviceDisconnectedError(deviceName, `${deviceName}: ${operation} aborted`, { cause: error });
    case WEBUSB_ERROR_NAMES.NotSupported:
      return new NotSupportedError(`USB ${operation}`, `${deviceName} does not support this USB ${operation}`);
    default:
      if (operation === 'request' && name === 'TypeError') return new WebUsbUnavailableError();
      return new UsbTransferError(deviceName, name, `${deviceName}: USB ${operation} failed (${name})`);
  }
}
