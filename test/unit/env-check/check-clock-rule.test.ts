/**
 * Issue 7 §1 "one clock rule": the environment check and the certificate layer judge the PC clock with the same
 * rule (pki's assessClock) and the same tolerance (pki's CLOCK_TOLERANCE_MS). Regression for 5 min vs 10 min.
 */
import { describe, expect, it } from 'vitest';
import { runEnvironmentChecks } from '../../../src/ui/env-check';
import { CLOCK_TOLERANCE_MS as ENV_TOLERANCE } from '../../../src/ui/env-check/check-clock';
import { CLOCK_TOLERANCE_MS, assessClock } from '../../../src/shared/pki/clock';
import { BUILD_TIME, fakeEnv } from './fake-env';
import type { EnvProbe } from '../../../src/ui/env-check';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const MINUTE = 60_000;

async function clockCheck(overrides: Partial<EnvProbe>) {
  const results = await runEnvironmentChecks(fakeEnv(overrides));
  return results.find((r) => r.id === 'clock')!;
}

describe('regression: env check and certificate layer disagree on "clock wrong"', () => {
  it('one tolerance constant, exported by pki', () => {
    expect(ENV_TOLERANCE).toBe(CLOCK_TOLERANCE_MS);
  });

  it.each([-11, -7, -4, 0, 4, 7, 11])('server %i minutes away: fail exactly when assessClock suspects the clock', async (minutes) => {
    const server = NOW - minutes * MINUTE; // the PC is `minutes` ahead of the server
    const check = await clockCheck({ now: () => NOW, fetchServerTime: async () => server });
    const pki = assessClock({ now: new Date(NOW), buildTime: new Date(BUILD_TIME), serverDate: new Date(server) });
    expect(check.status === 'fail').toBe(pki.suspect);
    if (pki.suspect) expect(check.cause.en).toContain(pki.direction === 'ahead' ? 'ahead' : 'behind');
  });

  it.each([-2 * 24 * 60, -6, -4, 60])('build time %i minutes after the clock: fail exactly when assessClock suspects it', async (minutes) => {
    const built = new Date(NOW - minutes * MINUTE).toISOString();
    const check = await clockCheck({ now: () => NOW, buildTime: built, isOnline: false });
    const pki = assessClock({ now: new Date(NOW), buildTime: new Date(built) });
    expect(check.status === 'fail').toBe(pki.suspect);
  });
});
