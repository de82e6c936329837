// What the sign popup does after a sign-in that did not sign (issue 9 §2, issue 15 sign-in cache).
import { describe, expect, it } from 'vitest';
import { endingFor, nextStepAfter } from '../../../src/ui/sign/sign-outcome';
import { PinBlockedError, WrongPinError } from '../../../src/apdu/errors';
import { SignInCertificateChangedError, SignInRefusedError } from '../../../src/worker/sign-in-errors';

describe('the sign popup after a failed sign-in', () => {
  it('ends with the portal told why when the user cannot act here', () => {
    expect(endingFor(new PinBlockedError())).toEqual({ end: true, code: 'PIN_BLOCKED' });
    expect(endingFor(new SignInRefusedError('ORIGIN_REFUSED', 'origin not allowed'))).toEqual({ end: true, code: 'ORIGIN_REFUSED' });
    expect(nextStepAfter(new PinBlockedError())).toBe('end');
  });

  it('keeps the choices and re-reads the chosen key’s tries after a wrong PIN', () => {
    expect(endingFor(new WrongPinError(2))).toEqual({ end: false });
    expect(nextStepAfter(new WrongPinError(2))).toBe('refresh-tries');
  });

  it('lists the certificates again when the card’s certificates changed since they were listed', () => {
    // Nothing was signed and the PIN never reached the card; the old choices name a certificate the card no longer has.
    expect(endingFor(new SignInCertificateChangedError('usb:1'))).toEqual({ end: false });
    expect(nextStepAfter(new SignInCertificateChangedError('usb:1'))).toBe('reload-choices');
  });
});
