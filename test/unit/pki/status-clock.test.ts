import { describe, expect, it } from 'vitest';
import { findCaProfile } from '../../../src/shared/ca-profiles';
import { assessClock } from '../../../src/shared/pki/clock';
import { roleFromKeyUsage } from '../../../src/shared/pki/dual-pair';
import { evaluateValidity, isRenewable } from '../../../src/shared/pki/status';

const DAY = 86_400_000;
const notBefore = new Date('2026-01-01T00:00:00Z');
const notAfter = new Date('2027-01-01T00:00:00Z');
const at = (offsetDays: number): Date => new Date(notAfter.getTime() + offsetDays * DAY);

describe('validity status', () => {
  it('classifies around the threshold and the validity bounds', () => {
    expect(evaluateValidity(notBefore, notAfter, at(-31))).toEqual({ status: 'valid', daysLeft: 31 });
    expect(evaluateValidity(notBefore, notAfter, at(-29.5))).toEqual({ status: 'expiring', daysLeft: 29 });
    expect(evaluateValidity(notBefore, notAfter, at(-29.5), 10).status).toBe('valid');
    expect(evaluateValidity(notBefore, notAfter, at(0.5))).toEqual({ status: 'expired', daysLeft: -1 });
    expect(evaluateValidity(notBefore, notAfter, new Date(notBefore.getTime() - 1)).status).toBe('not-yet-valid');
  });

  it('applies 12309’s rule: renewable up to 30 days after expiry, not later', () => {
    const rule = findCaProfile('CN=12309')!.renewal;
    const verdictAt = (d: number) => evaluateValidity(notBefore, notAfter, at(d));
    expect(isRenewable(verdictAt(-5), notAfter, at(-5), rule)).toBe(true);
    expect(isRenewable(verdictAt(29.9), notAfter, at(29.9), rule)).toBe(true);
    expect(isRenewable(verdictAt(30.1), notAfter, at(30.1), rule)).toBe(false);
    expect(isRenewable(verdictAt(1), notAfter, at(1), null)).toBe(false);
    expect(rule.effectiveAfterMinutes).toBe(15);
  });
});

describe('clock sanity', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('suspects a clock earlier than the build, than an issued certificate, or far from the server', () => {
    expect(assessClock({ now, buildTime: new Date('2026-07-01T00:00:00Z') })).toMatchObject({ suspect: true, reason: 'before-build-time' });
    expect(assessClock({ now, newestNotBeforeSeen: new Date('2026-06-03T00:00:00Z') }).reason).toBe('before-issued-certificate');
    expect(assessClock({ now, serverDate: new Date('2026-06-01T02:00:00Z') })).toMatchObject({ suspect: true, reason: 'server-skew', skewMs: -7_200_000 });
  });
  it('trusts a plausible clock', () => {
    expect(assessClock({ now, buildTime: new Date('2026-05-01'), serverDate: new Date(now.getTime() + 60_000) })).toEqual({
      suspect: false, reason: null, direction: null, skewMs: 0, trustedNow: now,
    });
  });
});

describe('dual certificate roles', () => {
  it('derives signing / encryption / both / unknown from key usage', () => {
    expect(roleFromKeyUsage(['digitalSignature', 'nonRepudiation'])).toBe('signing');
    expect(roleFromKeyUsage(['keyEncipherment', 'dataEncipherment'])).toBe('encryption');
    expect(roleFromKeyUsage(['digitalSignature', 'keyEncipherment'])).toBe('both');
    expect(roleFromKeyUsage([])).toBe('unknown');
  });
});
