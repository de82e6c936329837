/**
 * Which secret failed is said with that secret's tries (issue 16 §2; UX walk 2026-12-06 finding 12): the card
 * answers a wrong PIN and a wrong unblock code alike, so the card profile marks the refusal with the secret its
 * command checked (issue 17 §3) and the window reads only that mark — online-unlock registration changes the
 * unblock code, and the PIN checked first stays the PIN. The error crosses the worker boundary first, as in the app.
 */
import { describe, expect, it } from 'vitest';
import { PinBlockedError, WrongPinError } from '../../../src/apdu/errors';
import { deserializeError, serializeError } from '../../../src/shared/errors/error-registry';
import { failedSecret, secretErrorCause } from '../../../src/ui/pin/failed-secret';

const across = (e: WrongPinError | PinBlockedError) => deserializeError(serializeError(e));
const wrong = (tries: number, credential: string | null) => across(new WrongPinError(tries, 0x63c0 | tries, undefined, undefined, credential));
const blocked = (credential: string | null) => across(new PinBlockedError(0x6983, undefined, undefined, credential));

describe('which secret failed', () => {
  it('registration for online unlock: the card refused the current unblock code — "PUK 不正确，还剩 2 次"', () => {
    const error = wrong(2, 'unblockCode');
    expect(failedSecret(error)).toBe('unblockCode');
    const zh = secretErrorCause(error, 'zh-CN');
    expect(zh).toContain('PUK');
    expect(zh).toContain('2');
    expect(zh).not.toContain('PIN 不正确');
    expect(secretErrorCause(error, 'en')).toMatch(/PUK/);
  });

  it("the PIN checked first stays a PIN failure with the PIN's tries", () => {
    const error = wrong(1, 'pin');
    expect(failedSecret(error)).toBe('pin');
    expect(secretErrorCause(error, 'zh-CN')).toContain('PIN 不正确');
  });

  it('a refused and a blocked unblock code say so', () => {
    expect(failedSecret(wrong(0, 'unblockCode'))).toBe('unblockCode');
    expect(failedSecret(blocked('unblockCode'))).toBe('unblockCode');
    expect(secretErrorCause(blocked('unblockCode'), 'zh-CN')).toContain('PUK');
    expect(secretErrorCause(blocked('pin'), 'zh-CN')).not.toContain('PUK');
  });

  it('the command byte is not read: an unmarked refusal, even to RESET RETRY COUNTER, keeps its own PIN text', () => {
    const unmarked = across(new WrongPinError(2, 0x63c2, undefined, 0x2c));
    expect(failedSecret(unmarked)).toBeNull();
    expect(secretErrorCause(unmarked, 'zh-CN')).toContain('PIN 不正确');
  });

  it('other errors are no secret failure, whatever field they carry', () => {
    expect(failedSecret(new Error('x'))).toBeNull();
    expect(failedSecret(Object.assign(new Error('x'), { credential: 'unblockCode' }))).toBeNull();
    expect(failedSecret(wrong(1, 'something-else'))).toBeNull();
  });
});
