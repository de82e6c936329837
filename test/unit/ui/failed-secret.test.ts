/**
 * Which secret failed is said with that secret's tries (issue 16 §2; UX walk 2026-12-06 finding 12): the card
 * answers 63Cx / 6983 alike for PIN and PUK (SP 800-73-4 Part 2 §3.2), so the command decides — VERIFY checks
 * the PIN, RESET RETRY COUNTER the PUK, CHANGE REFERENCE DATA whichever the flow changes (online-unlock
 * registration changes the PUK). The error crosses the worker boundary first, as in the app.
 */
import { describe, expect, it } from 'vitest';
import { PinBlockedError, WrongPinError } from '../../../src/apdu/errors';
import { deserializeError, serializeError } from '../../../src/shared/errors/error-registry';
import { failedSecret, secretErrorCause } from '../../../src/ui/pin/failed-secret';

const across = (e: WrongPinError | PinBlockedError) => deserializeError(serializeError(e));
const VERIFY = 0x20;
const CHANGE = 0x24;
const RESET = 0x2c;

describe('which secret failed', () => {
  it('registration for online unlock: the card refused the current PUK (00 24 00 81 → 63C2) — "PUK 不正确，还剩 2 次"', () => {
    const error = across(new WrongPinError(2, 0x63c2, undefined, CHANGE));
    expect(failedSecret(error, 'puk')).toBe('puk');
    const zh = secretErrorCause(error, 'zh-CN', 'puk');
    expect(zh).toContain('PUK');
    expect(zh).toContain('2');
    expect(zh).not.toContain('PIN 不正确');
    expect(secretErrorCause(error, 'en', 'puk')).toMatch(/PUK/);
  });

  it('the PIN checked first (VERIFY) stays a PIN failure with the PIN\'s tries', () => {
    const error = across(new WrongPinError(1, 0x63c1, undefined, VERIFY));
    expect(failedSecret(error, 'puk')).toBe('pin');
    expect(secretErrorCause(error, 'zh-CN', 'puk')).toContain('PIN 不正确');
  });

  it('RESET RETRY COUNTER is always the PUK; a blocked PUK says so', () => {
    expect(failedSecret(across(new WrongPinError(0, 0x63c0, undefined, RESET)))).toBe('puk');
    const blocked = across(new PinBlockedError(0x6983, undefined, RESET));
    expect(failedSecret(blocked)).toBe('puk');
    expect(secretErrorCause(blocked, 'zh-CN')).toContain('PUK');
  });

  it('other errors are no secret failure', () => {
    expect(failedSecret(new Error('x'))).toBeNull();
  });
});
