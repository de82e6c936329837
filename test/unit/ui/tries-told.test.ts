// A card that cannot tell its unblock code's tries without spending one tells them only in its refusal: the
// unblock form keeps that count. The refusal says which secret it was by the card profile's mark (issue 17 §3).
import { describe, expect, it } from 'vitest';
import { PinBlockedError, WrongPinError } from '../../../src/apdu/errors';
import { deserializeError, serializeError } from '../../../src/shared/errors/error-registry';
import { triesTold } from '../../../src/ui/pin/failed-secret';

const across = (e: WrongPinError | PinBlockedError) => deserializeError(serializeError(e));

describe('tries told by a refusal', () => {
  it("takes the unblock code's tries from a refusal marked as the unblock code", () => {
    expect(triesTold(across(new WrongPinError(2, 0x63c2, undefined, undefined, 'unblockCode')), 'unblockCode')).toBe(2);
    expect(triesTold(across(new PinBlockedError(0x6983, undefined, undefined, 'unblockCode')), 'unblockCode')).toBe(0);
  });

  it("never reads a PIN refusal as the unblock code's count, nor another error as a count", () => {
    const pinRefused = across(new WrongPinError(4, 0x63c4, undefined, undefined, 'pin'));
    expect(triesTold(pinRefused, 'unblockCode')).toBeNull();
    expect(triesTold(pinRefused, 'pin')).toBe(4);
    expect(triesTold(new WrongPinError(2, 0x63c2, undefined, 0x2c), 'unblockCode')).toBeNull();
    expect(triesTold(new Error('USB gone'), 'unblockCode')).toBeNull();
    expect(triesTold(null, 'unblockCode')).toBeNull();
  });
});
