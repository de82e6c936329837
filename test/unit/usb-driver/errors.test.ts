import { describe, expect, it } from 'vitest';
import { NotSupportedError } from '../../../src/shared/errors/common-errors';
import { deserializeError, serializeError } from '../../../src/shared/errors/error-registry';
import {
  AccessDeniedError,
  CcidSequenceError,
  DeviceDisconnectedError,
  NoDeviceChosenError,
  ProtectedInterfaceError,
  UsbTransferError,
  WebUsbUnavailableError,
  classifyWebUsbError,
  type UsbOperation,
} from '../../../src/usb-driver/errors';

const dom = (name: string): DOMException => new DOMException('text that must not matter', name);
const classify = (name: string, operation: UsbOperation) => classifyWebUsbError(dom(name), { deviceName: 'ePass2003 (096E:0807)', operation });

describe('classifyWebUsbError: by DOMException name and operation, never by message', () => {
  const table: [string, UsbOperation, new (...args: never[]) => Error, string][] = [
    ['SecurityError', 'claim', ProtectedInterfaceError, 'protected-interface'],
    ['SecurityError', 'open', AccessDeniedError, 'windows-driver-winusb'],
    ['NetworkError', 'claim', AccessDeniedError, 'windows-driver-winusb'],
    ['InvalidStateError', 'open', AccessDeniedError, 'windows-driver-winusb'],
    ['NotFoundError', 'request', NoDeviceChosenError, 'no-device-chosen'],
    ['NotFoundError', 'transfer', DeviceDisconnectedError, 'device-disconnected'],
    ['NetworkError', 'transfer', DeviceDisconnectedError, 'device-disconnected'],
    ['AbortError', 'transfer', DeviceDisconnectedError, 'device-disconnected'],
    ['NotAllowedError', 'request', WebUsbUnavailableError, 'webusb-missing'],
    ['NotSupportedError', 'control', NotSupportedError, 'token-unsupported'],
    ['DataError', 'transfer', UsbTransferError, 'card-error'],
  ];
  for (const [name, operation, cls, guide] of table) {
    it(`${name} during ${operation} → ${cls.name}`, () => {
      const error = classify(name, operation);
      expect(error).toBeInstanceOf(cls);
      expect(error.guideId).toBe(guide);
    });
  }

  it('names the device and keeps a typed error untouched', () => {
    const error = classify('SecurityError', 'claim');
    expect(error.toFields()).toEqual({ deviceName: 'ePass2003 (096E:0807)' });
    const typed = new CcidSequenceError(1, 2);
    expect(classifyWebUsbError(typed, { deviceName: 'x', operation: 'transfer' })).toBe(typed);
  });

  it('treats a missing navigator.usb (TypeError on request) as WebUSB unavailable', () => {
    const error = classifyWebUsbError(new TypeError('undefined'), { deviceName: '', operation: 'request' });
    expect(error).toBeInstanceOf(WebUsbUnavailableError);
  });

  it('errors survive serialisation with their class and fields (worker boundary)', () => {
    for (const original of [new ProtectedInterfaceError('Token A'), new CcidSequenceError(3, 9), new UsbTransferError('T', 'DataError', 'm')]) {
      const rebuilt = deserializeError(structuredClone(serializeError(original)));
      expect(rebuilt).toBeInstanceOf(original.constructor);
      expect((rebuilt as typeof original).toFields()).toEqual(original.toFields());
      expect(rebuilt.name).toBe(original.name);
    }
  });
});
