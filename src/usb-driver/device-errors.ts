/**
 * Errors of the USB device as the browser sees it (DESIGN.md §3): each names the device and carries the guide
 * that explains the cause and what to do.
 */
import { registerError, UKeyError, type GuideId } from '../shared/errors';
import './error-texts';

type Fields = Record<string, string | number | boolean | null>;

/** Base of the errors that are about one named device. */
abstract class DeviceError extends UKeyError {
  constructor(readonly deviceName: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
  override toFields(): Fields {
    return { deviceName: this.deviceName };
  }
}

/** The token was unplugged (or the browser lost it) while we used it. */
export class DeviceDisconnectedError extends DeviceError {
  override readonly name = 'DeviceDisconnectedError';
  readonly guideId: GuideId = 'device-disconnected';
  constructor(deviceName: string, message = `${deviceName} was disconnected`, options?: { cause?: unknown }) {
    super(deviceName, message, options);
  }
}
registerError('DeviceDisconnectedError', (m, f) => new DeviceDisconnectedError(String(f.deviceName ?? ''), m));

/** A second exchange while one is in flight (STYLE.md: one exchange at a time). */
export class DeviceBusyError extends DeviceError {
  override readonly name = 'DeviceBusyError';
  readonly guideId: GuideId = 'device-busy';
  constructor(deviceName: string, message = `${deviceName} is busy with another command`) {
    super(deviceName, message);
  }
}
registerError('DeviceBusyError', (m, f) => new DeviceBusyError(String(f.deviceName ?? ''), m));

/**
 * claimInterface() rejected with SecurityError: the interface is of a protected class (Smart Card 0x0B, HID,
 * Mass Storage), which ordinary pages and PWAs may not claim (DESIGN.md §3).
 */
export class ProtectedInterfaceError extends DeviceError {
  override readonly name = 'ProtectedInterfaceError';
  readonly guideId: GuideId = 'protected-interface';
  constructor(deviceName: string, message = `${deviceName} uses a protected USB class the browser will not open`) {
    super(deviceName, message);
  }
}
registerError('ProtectedInterfaceError', (m, f) => new ProtectedInterfaceError(String(f.deviceName ?? ''), m));

/** Another driver or program holds the device (on Windows WebUSB needs the WinUSB driver). */
export class AccessDeniedError extends DeviceError {
  override readonly name = 'AccessDeniedError';
  readonly guideId: GuideId = 'windows-driver-winusb';
  constructor(deviceName: string, message = `${deviceName} is held by another driver or program`) {
    super(deviceName, message);
  }
}
registerError('AccessDeniedError', (m, f) => new AccessDeniedError(String(f.deviceName ?? ''), m));

/** A paired token that is not plugged in now, or has no CCID interface we can use. */
export class DeviceNotFoundError extends DeviceError {
  override readonly name = 'DeviceNotFoundError';
  readonly guideId: GuideId = 'no-device-chosen';
  constructor(deviceName: string, message = `${deviceName} was not found`) {
    super(deviceName, message);
  }
}
registerError('DeviceNotFoundError', (m, f) => new DeviceNotFoundError(String(f.deviceName ?? ''), m));

/** The user closed the browser's device chooser without picking one. */
export class NoDeviceChosenError extends UKeyError {
  override readonly name = 'NoDeviceChosenError';
  readonly guideId: GuideId = 'no-device-chosen';
  constructor(message = 'No device was chosen') {
    super(message);
  }
}
registerError('NoDeviceChosenError', (m) => new NoDeviceChosenError(m));

/** navigator.usb is missing (Firefox, Safari, an insecure origin) or the page may not use it. */
export class WebUsbUnavailableError extends UKeyError {
  override readonly name = 'WebUsbUnavailableError';
  readonly guideId: GuideId = 'webusb-missing';
  constructor(message = 'WebUSB is not available in this browser context') {
    super(message);
  }
}
registerError('WebUsbUnavailableError', (m) => new WebUsbUnavailableError(m));

/** A USB failure with no better class; keeps the DOMException name (never its text) for the helpdesk. */
export class UsbTransferError extends DeviceError {
  override readonly name = 'UsbTransferError';
  readonly guideId: GuideId = 'card-error';
  constructor(deviceName: string, readonly domName: string, message: string) {
    super(deviceName, message);
  }
  override toFields(): Fields {
    return { deviceName: this.deviceName, domName: this.domName };
  }
}
registerError(
  'UsbTransferError',
  (m, f) => new UsbTransferError(String(f.deviceName ?? ''), String(f.domName ?? ''), m),
);
