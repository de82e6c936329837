import { describe, expect, it } from 'vitest';
import { ccidFailure } from '../../../src/usb-driver/ccid-failure';
import { CardAbsentError, CardMuteError, CcidCommandError, CcidHardwareError, DeviceBusyError } from '../../../src/usb-driver/errors';

describe('failed CCID commands become typed errors (CCID §6.2.6)', () => {
  const cases: [number, number, new (...args: never[]) => Error, string][] = [
    [0x42, 0xfe, CardAbsentError, 'card-absent'],
    [0x42, 0x00, CardAbsentError, 'card-absent'],
    [0x41, 0xfe, CardMuteError, 'card-error'],
    [0x40, 0xfb, CcidHardwareError, 'card-error'],
    [0x40, 0xe0, DeviceBusyError, 'device-busy'],
    [0x40, 0xf6, CcidCommandError, 'card-error'],
    [0x40, 0x07, CcidCommandError, 'card-error'],
  ];
  for (const [status, error, cls, guide] of cases) {
    it(`bStatus ${status.toString(16)} bError ${error.toString(16)} → ${cls.name}`, () => {
      const typed = ccidFailure({ status, error }, 'Token');
      expect(typed).toBeInstanceOf(cls);
      expect(typed.guideId).toBe(guide);
    });
  }
  it('keeps bError and bStatus for the helpdesk', () => {
    expect(ccidFailure({ status: 0x41, error: 0xf6 }, 'Token').toFields()).toEqual({ bError: 0xf6, bStatus: 0x41 });
  });
});
