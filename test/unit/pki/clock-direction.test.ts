/**
 * Issue 7 §1 "clock direction": name the PC clock only when the verdict at the best trusted time differs from the
 * verdict at the PC's time. A clock BEHIND can make a valid certificate look not-yet-valid; a clock AHEAD can make
 * it look expired. Build time and notBefore seen are lower bounds only (they prove "behind"); a server Date proves
 * both directions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryCrlCache } from '../../../src/shared/pki/crl-cache';
import { inspectCertificate } from '../../../src/shared/pki/inspect';
import { MemoryTrustStore } from '../../../src/shared/pki/trust-store';
import { generateCa } from './helpers/generated-ca';

const DAY = 86_400_000;
const at = (iso: string): Date => new Date(iso);

let caDer: Uint8Array;
/** Expired in 2019 for real: no clock setting changes that. */
let expired2019: Uint8Array;
/** Valid 2026-01-01 … 2027-01-01. */
let valid2026: Uint8Array;
/** Issued for the future: valid from 2030. */
let future2030: Uint8Array;

beforeAll(async () => {
  const ca = await generateCa('CN=时钟测试 CA, C=CN', at('2015-01-01T00:00:00Z'), at('2045-01-01T00:00:00Z'));
  caDer = ca.der;
  expired2019 = await ca.leaf('0e01', at('2018-01-01T00:00:00Z'), at('2019-01-01T00:00:00Z'));
  valid2026 = await ca.leaf('0e02', at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'));
  future2030 = await ca.leaf('0e03', at('2030-01-01T00:00:00Z'), at('2031-01-01T00:00:00Z'));
});

type Clock = { buildTime?: Date; newestNotBeforeSeen?: Date; serverDate?: Date };
async function report(der: Uint8Array, pcClock: Date, clock: Clock) {
  return inspectCertificate(der, {
    now: pcClock,
    trustStore: new MemoryTrustStore([{ der: caDer, anchor: true }]),
    crlCache: new MemoryCrlCache(),
    clock,
  });
}

describe('regression: an expired certificate with a clock that is behind is not blamed on the clock', () => {
  it('clock 2020, leaf expired 2019, build time 2026: expired at both times, so no clock hint', async () => {
    const r = await report(expired2019, at('2020-01-01T08:00:00Z'), { buildTime: at('2026-11-01T00:00:00Z') });
    expect(r.status).toBe('expired');
    expect(r.clockSuspect).toBe(false);
  });

  it('the same with a newer notBefore seen, or a server Date of 2026: still expired at the true time', async () => {
    expect((await report(expired2019, at('2020-01-01T08:00:00Z'), { newestNotBeforeSeen: at('2025-06-01T00:00:00Z') })).clockSuspect).toBe(false);
    expect((await report(expired2019, at('2020-01-01T08:00:00Z'), { serverDate: at('2026-11-22T10:00:00Z') })).clockSuspect).toBe(false);
  });
});

describe('clock behind → not-yet-valid', () => {
  it('a valid certificate looks not-yet-valid on a 2020 clock: the build time proves it', async () => {
    const r = await report(valid2026, at('2020-01-01T08:00:00Z'), { buildTime: at('2026-11-01T00:00:00Z') });
    expect(r.status).toBe('not-yet-valid');
    expect(r.clockSuspect).toBe(true);
  });

  it('the server Date proves it too', async () => {
    expect((await report(valid2026, at('2020-01-01T08:00:00Z'), { serverDate: at('2026-06-01T00:00:00Z') })).clockSuspect).toBe(true);
  });

  it('regression: a certificate issued for 2030 is not-yet-valid at the build time too: not the clock', async () => {
    const r = await report(future2030, at('2020-01-01T08:00:00Z'), { buildTime: at('2026-11-01T00:00:00Z') });
    expect(r.status).toBe('not-yet-valid');
    expect(r.clockSuspect).toBe(false);
  });
});

describe('clock ahead → expired', () => {
  it('a valid certificate looks expired on a 2028 clock: only a server Date can prove it', async () => {
    const r = await report(valid2026, at('2028-03-01T00:00:00Z'), { serverDate: at('2026-06-01T00:00:00Z') });
    expect(r.status).toBe('expired');
    expect(r.clockSuspect).toBe(true);
  });

  it('lower bounds cannot prove "ahead": build time and notBefore seen leave the verdict alone', async () => {
    const r = await report(valid2026, at('2028-03-01T00:00:00Z'), { buildTime: at('2026-11-01T00:00:00Z'), newestNotBeforeSeen: at('2026-05-01T00:00:00Z') });
    expect(r.status).toBe('expired');
    expect(r.clockSuspect).toBe(false);
  });

  it('regression: a clock 40 days ahead turns valid into expiring, and that is named too', async () => {
    const truth = new Date(at('2027-01-01T00:00:00Z').getTime() - 60 * DAY);
    const pc = new Date(truth.getTime() + 40 * DAY);
    const r = await report(valid2026, pc, { serverDate: truth });
    expect(r.status).toBe('expiring');
    expect(r.clockSuspect).toBe(true);
  });

  it('a clock within the tolerance of the server is never named', async () => {
    const truth = at('2026-12-31T23:58:00Z');
    const pc = new Date(truth.getTime() + 3 * 60_000); // 3 minutes ahead: just past notAfter
    const r = await report(valid2026, pc, { serverDate: truth });
    expect(r.status).toBe('expired');
    expect(r.clockSuspect).toBe(false);
  });
});
