/** The renewal window rule (issue 10 §2) and its words; the free retired slot choice; the renew route. */
import { describe, expect, it } from 'vitest';
import { CA_PROFILES } from '../../../src/shared/ca-profiles/profiles';
import { assertRenewable, renewalWindow } from '../../../src/flows/renewal/window';
import { RenewalClosedError } from '../../../src/flows/renewal/errors';
import { hrefFor, parseRoute } from '../../../src/ui/router';
import { windowText } from '../../../src/ui/renewal/window-text';

const DAY = 24 * 3600 * 1000;
const rule12309 = CA_PROFILES.find((p) => p.id === '12309')!.renewal;
const now = new Date('2026-11-30T12:00:00Z');
const at = (days: number) => new Date(now.getTime() + days * DAY);

describe('renewal window', () => {
  it('early, open, grace, closed (12309: 30 days after expiry)', () => {
    expect(renewalWindow(at(100), rule12309, now)).toEqual({ kind: 'early', daysLeft: 100, opensInDays: 70 });
    expect(renewalWindow(at(10), rule12309, now)).toEqual({ kind: 'open', daysLeft: 10 });
    expect(renewalWindow(at(-30), rule12309, now)).toEqual({ kind: 'grace', expiredDays: 30, graceDaysLeft: 0 });
    expect(renewalWindow(at(-31), rule12309, now)).toEqual({ kind: 'closed', expiredDays: 31, graceDays: 30 });
    expect(() => assertRenewable(at(-31), rule12309, now)).toThrow(RenewalClosedError);
    const bjca = CA_PROFILES.find((p) => p.id === 'bjca')!.renewal;
    expect(renewalWindow(at(-400), bjca, now)).toEqual({ kind: 'grace', expiredDays: 400, graceDaysLeft: null });
  });

  it('in words, zh-CN first', () => {
    const info = (w: ReturnType<typeof renewalWindow>) => ({ window: w, caProfileId: '12309', caConfigured: true, needsAdminKey: false, effectiveAfterMinutes: 15, notAfter: '' });
    expect(windowText(info(renewalWindow(at(-31), rule12309, now)), 'zh-CN', 30)).toBe('证书已过期 31 天，超过 30 天不能更新，需要重新申请。');
    expect(windowText(info(renewalWindow(at(10), rule12309, now)), 'en', 30)).toBe('The certificate expires in 10 days; it can be renewed now.');
    expect(windowText(info(renewalWindow(at(100), rule12309, now)), 'zh-CN', 30)).toContain('提前更新');
  });
});

describe('renew route', () => {
  it('#/token/<id>/renew/<key reference, hex> round-trips', () => {
    const route = { name: 'renew', tokenId: 'demo:1', keyRef: 0x9a } as const;
    expect(hrefFor(route)).toBe('#/token/demo%3A1/renew/9a');
    expect(parseRoute(hrefFor(route))).toEqual(route);
    expect(parseRoute('#/token/x/renew/zz').name).toBe('not-found');
  });
});
