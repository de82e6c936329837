// A card without GET METADATA tells its PUK tries only in its refusal (63Cx): the unblock form keeps that count.
import { describe, expect, it } from 'vitest';
import { PinBlockedError, WrongPinError } from '../../../src/apdu/errors';
import { triesTold } from '../../../src/ui/pin/failed-secret';

const RESET_RETRY_COUNTER = 0x2c;
const VERIFY = 0x20;

describe('tries told by a refusal', () => {
  it('takes the PUK tries from a refused RESET RETRY COUNTER', () => {
    expect(triesTold(new WrongPinError(2, 0x63c2, undefined, RESET_RETRY_COUNTER), 'puk')).toBe(2);
    expect(triesTold(new PinBlockedError(0x6983, undefined, RESET_RETRY_COUNTER), 'puk')).toBe(0);
  });

  it('never reads a PIN refusal as the PUK’s count, nor another error as a count', () => {
    expect(triesTold(new WrongPinError(4, 0x63c4, undefined, VERIFY), 'puk')).toBeNull();
    expect(triesTold(new WrongPinError(4, 0x63c4, undefined, VERIFY), 'pin')).toBe(4);
    expect(triesTold(new Error('USB gone'), 'puk')).toBeNull();
    expect(triesTold(null, 'puk')).toBeNull();
  });
});
