import { describe, expect, it } from 'vitest';
import { badgeFor, certificateRoleKey, formatDate, revocationText, ROLE_KEY, sortCertificates, sortTokens, type TokenView } from '../../../src/ui/token-view';
import { certRecord, report, tokenRecord } from '../store/fixtures';

function view(id: string, notAfters: string[], label = ''): TokenView {
  return {
    record: tokenRecord(id, { label }),
    certificates: notAfters.map((n, i) => certRecord(id, 0x9a + i, { report: report({ notAfter: n }) })),
    live: false,
    reading: false,
    error: null,
    pinStatus: null,
  };
}

describe('token view', () => {
  it('sorts soonest-expiring tokens first, tokens without certificates last', () => {
    const sorted = sortTokens([
      view('none', []),
      view('late', ['2028-01-01T00:00:00Z']),
      view('soon', ['2029-01-01T00:00:00Z', '2026-12-01T00:00:00Z']),
      view('mid', ['2027-06-01T00:00:00Z']),
    ]);
    expect(sorted.map((v) => v.record.id)).toEqual(['soon', 'mid', 'late', 'none']);
  });

  it('records stored before profiles gave roles come after every role, by key reference, named by key usage (issue 17 §3)', () => {
    const certs = [certRecord('t', 0x9d), certRecord('t', 0x82, { role: 'retired' }), certRecord('t', 0x9a), certRecord('t', 0x9c, { role: 'signature' })];
    expect(sortCertificates(certs).map((c) => c.keyRef.toString(16))).toEqual(['9c', '82', '9a', '9d']);
    const usage = certRecord('t', 0x9a);
    expect(usage.report?.role).toBe('signing');
    expect(certificateRoleKey(usage, false)).toBe(ROLE_KEY.signing);
    expect(certificateRoleKey({ ...usage, report: null }, false)).toBe('roleUnknown');
  });

  it('labels each status with its date and days, and hints at the clock', () => {
    expect(badgeFor(report({ status: 'expiring', daysLeft: 12, notAfter: '2026-12-04T12:00:00Z' }), 'zh-CN')).toMatchObject({
      tone: 'warn',
      text: expect.stringContaining('12 天后过期'),
      clockHint: false,
    });
    expect(badgeFor(report({ status: 'expired', clockSuspect: true }), 'en')).toMatchObject({ tone: 'bad', clockHint: true });
    const notYet = badgeFor(report({ status: 'not-yet-valid', notBefore: '2027-03-01T12:00:00Z' }), 'en');
    expect(notYet.text).toBe(`Not yet valid (from ${formatDate('2027-03-01T12:00:00Z')})`);
    expect(notYet.clockHint).toBe(false); // not yet valid on a right clock: no clock advice (issue 7 §1)
    expect(badgeFor(report({ status: 'not-yet-valid', clockSuspect: true }), 'en').clockHint).toBe(true);
    expect(badgeFor(report({ status: 'valid' }), 'en').tone).toBe('ok');
  });
});

describe('revocationText', () => {
  it('names the date a stale CRL expired, in both languages; plain verdicts otherwise', () => {
    const since = '2026-10-01T12:00:00.000Z';
    const stale = report({ revocation: { status: 'unknown', reason: `revocation unknown since ${since}`, since } });
    expect(revocationText(stale, 'zh-CN')).toBe(`未知（CRL 已于 ${formatDate(since)} 过期）`);
    expect(revocationText(stale, 'en')).toBe(`Unknown (the cached CRL expired on ${formatDate(since)})`);
    expect(revocationText(report({ revocation: { status: 'unknown', reason: 'no CRL cached for this issuer' } }), 'zh-CN')).toBe('未知');
    expect(revocationText(report({ revocation: { status: 'good', reason: '' } }), 'en')).toBe('Not revoked');
    expect(revocationText(report({ revocation: { status: 'revoked', reason: '' } }), 'zh-CN')).toBe('已吊销');
  });
});
