/**
 * Issue 7 §1 "evidence that can't be poisoned": only chain-trusted, already-valid notBefores are remembered, and
 * one server Date corrected by Age (RFC 9111 §5.1) is the two-sided reference.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assessClock } from '../../../src/shared/pki/clock';
import { clockEvidenceFromReport, newestClockEvidence } from '../../../src/shared/pki/clock-evidence';
import { MemoryCrlCache } from '../../../src/shared/pki/crl-cache';
import { inspectCertificate } from '../../../src/shared/pki/inspect';
import { serverDateFromHeaders } from '../../../src/shared/pki/server-date';
import { MemoryTrustStore } from '../../../src/shared/pki/trust-store';
import { generateCa, type GeneratedCa } from './helpers/generated-ca';

const at = (iso: string): Date => new Date(iso);
const PC = at('2026-11-30T12:00:00Z');

let trusted: GeneratedCa;
let stranger: GeneratedCa;
beforeAll(async () => {
  trusted = await generateCa('CN=证据 CA, C=CN', at('2015-01-01T00:00:00Z'), at('2045-01-01T00:00:00Z'));
  stranger = await generateCa('CN=陌生 CA, C=CN', at('2015-01-01T00:00:00Z'), at('2045-01-01T00:00:00Z'));
});

async function reportOf(der: Uint8Array, now = PC) {
  return inspectCertificate(der, { now, trustStore: new MemoryTrustStore([{ der: trusted.der, anchor: true }]), crlCache: new MemoryCrlCache() });
}

describe('clockEvidenceFromReport', () => {
  it('keeps the notBefore of a certificate whose chain verified to a trusted anchor', async () => {
    const r = await reportOf(await trusted.leaf('01', at('2026-11-01T00:00:00Z'), at('2027-11-01T00:00:00Z')));
    expect(r.chain.status).toBe('trusted');
    expect(clockEvidenceFromReport(r, PC)).toEqual(at('2026-11-01T00:00:00Z'));
  });

  it('regression: an unknown-issuer certificate dated 2099 is no evidence', async () => {
    const r = await reportOf(await stranger.leaf('02', at('2099-01-01T00:00:00Z'), at('2100-01-01T00:00:00Z')));
    expect(r.chain.status).toBe('unknown-issuer');
    expect(clockEvidenceFromReport(r, PC)).toBeNull();
  });

  it('regression: a trusted CA’s future-dated renewal is no evidence until its notBefore has passed', async () => {
    const r = await reportOf(await trusted.leaf('03', at('2027-02-01T00:00:00Z'), at('2028-02-01T00:00:00Z')));
    expect(r.chain.status).toBe('trusted');
    expect(clockEvidenceFromReport(r, PC)).toBeNull();
    expect(clockEvidenceFromReport(r, at('2027-03-01T00:00:00Z'))).toEqual(at('2027-02-01T00:00:00Z'));
  });

  it('a clock that is behind still learns from trusted certificates, judged at the best trusted time', async () => {
    const behind = at('2020-01-01T00:00:00Z');
    const r = await reportOf(await trusted.leaf('04', at('2026-10-01T00:00:00Z'), at('2027-10-01T00:00:00Z')), behind);
    const { trustedNow } = assessClock({ now: behind, buildTime: at('2026-11-01T00:00:00Z') });
    expect(trustedNow).toEqual(at('2026-11-01T00:00:00Z'));
    expect(clockEvidenceFromReport(r, trustedNow)).toEqual(at('2026-10-01T00:00:00Z'));
  });

  it('a report with a failed signature is never evidence, whatever its chain says', () => {
    const forged = { notBefore: '2026-01-01T00:00:00.000Z', chain: { status: 'trusted' as const, path: [] }, signatureValid: false };
    expect(clockEvidenceFromReport(forged, PC)).toBeNull();
  });

  it('newestClockEvidence keeps the previous value unless a report adds a newer trusted one', async () => {
    const old = at('2026-01-01T00:00:00Z');
    const poisoned = await reportOf(await stranger.leaf('05', at('2099-01-01T00:00:00Z'), at('2100-01-01T00:00:00Z')));
    expect(newestClockEvidence([poisoned], old, PC)).toEqual(old);
    const fresh = await reportOf(await trusted.leaf('06', at('2026-06-01T00:00:00Z'), at('2027-06-01T00:00:00Z')));
    expect(newestClockEvidence([poisoned, fresh], old, PC)).toEqual(at('2026-06-01T00:00:00Z'));
    expect(newestClockEvidence([], null, PC)).toBeNull();
  });
});

describe('one clock rule', () => {
  it('lower bounds prove "behind" only; a server proves both ways', () => {
    const build = at('2026-11-01T00:00:00Z');
    expect(assessClock({ now: at('2020-01-01T00:00:00Z'), buildTime: build })).toMatchObject({ suspect: true, direction: 'behind', reason: 'before-build-time' });
    expect(assessClock({ now: at('2030-01-01T00:00:00Z'), buildTime: build }).suspect).toBe(false);
    const server = at('2026-11-30T12:00:00Z');
    expect(assessClock({ now: at('2026-12-30T12:00:00Z'), serverDate: server })).toMatchObject({ suspect: true, direction: 'ahead', trustedNow: server });
  });

  it('a notBefore seen counts one hour of CA slack before it proves the clock behind', () => {
    const seen = at('2026-11-30T12:00:00Z');
    expect(assessClock({ now: at('2026-11-30T11:00:00Z'), newestNotBeforeSeen: seen }).suspect).toBe(false);
    expect(assessClock({ now: at('2026-11-30T10:50:00Z'), newestNotBeforeSeen: seen })).toMatchObject({ suspect: true, reason: 'before-issued-certificate' });
  });
});

describe('serverDateFromHeaders', () => {
  it('adds Age to Date: a cached answer was generated Age seconds ago', () => {
    expect(serverDateFromHeaders('Mon, 30 Nov 2026 12:00:00 GMT', '600')).toEqual(at('2026-11-30T12:10:00Z'));
    expect(serverDateFromHeaders('Mon, 30 Nov 2026 12:00:00 GMT', null)).toEqual(at('2026-11-30T12:00:00Z'));
  });
  it('ignores an Age that is not delta-seconds, and needs a Date', () => {
    expect(serverDateFromHeaders('Mon, 30 Nov 2026 12:00:00 GMT', '-5')).toEqual(at('2026-11-30T12:00:00Z'));
    expect(serverDateFromHeaders('Mon, 30 Nov 2026 12:00:00 GMT', '1e3')).toEqual(at('2026-11-30T12:00:00Z'));
    expect(serverDateFromHeaders(null, '10')).toBeNull();
    expect(serverDateFromHeaders('yesterday', '10')).toBeNull();
  });
});
