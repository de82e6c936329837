import { describe, expect, it } from 'vitest';
import { sortForDashboard, summarize } from '../../../src/ui/dashboard-order';
import { deadlineFor } from '../../../src/ui/renewal-deadline';
import { deadlineText } from '../../../src/ui/components/deadline-text';
import type { TokenView } from '../../../src/ui/token-view';
import { report, tokenRecord } from '../store/fixtures';

const NOW = new Date('2026-11-30T04:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

function view(id: string, label: string, notAfterDays: number, caProfileId: string | null = null): TokenView {
  return {
    record: tokenRecord(id, { label, isDemo: false }),
    certificates: [{ tokenId: id, keyRef: 0x9a, der: new ArrayBuffer(2), report: report({ notAfter: at(notAfterDays), caProfileId }), parseError: null, readAt: NOW.toISOString() }],
    live: false, reading: false, error: null, pinStatus: null,
  };
}

describe('renewal deadlines from the CA profile (issue 8 §3)', () => {
  it('inside the 30-day window: renew by the expiry date', () => {
    const d = deadlineFor(report({ notAfter: at(9.5) }), NOW);
    expect(d).toMatchObject({ kind: 'renew-by', daysLeft: 9 });
    expect(deadlineText(d, 'zh-CN')).toMatch(/^最晚 \d{4}-\d{2}-\d{2} 前办理延期$/);
  });

  it('outside the window: nothing to do', () => {
    expect(deadlineFor(report({ notAfter: at(31) }), NOW).kind).toBe('ok');
  });

  it('12309: expired 20 days ago is still renewable, 45 days ago is not (seed 003)', () => {
    const grace = deadlineFor(report({ notAfter: at(-20.2), caProfileId: '12309' }), NOW);
    expect(grace).toMatchObject({ kind: 'grace', daysExpired: 20, graceDays: 30 });
    const late = deadlineFor(report({ notAfter: at(-45.2), caProfileId: '12309' }), NOW);
    expect(deadlineText(late, 'zh-CN')).toBe('已过期 45 天，超过 30 天不能延期，需要重新申请');
  });

  it('a CA with no documented limit: expired means contact the CA', () => {
    expect(deadlineFor(report({ notAfter: at(-3.5), caProfileId: 'cfca' }), NOW)).toMatchObject({ kind: 'expired', daysExpired: 3 });
  });
});

describe('dashboard order and summary', () => {
  it('due keys first (soonest first), then labels in pinyin order, unlabelled last', () => {
    const views = [view('a', '信息发布', 200), view('b', '', 200), view('c', '信访', 200), view('d', '代表委员联络', 9), view('e', '案管', 200), view('f', '综合', -45, '12309')];
    expect(sortForDashboard(views, NOW).map((v) => v.record.label)).toEqual(['综合', '代表委员联络', '案管', '信访', '信息发布', '']);
  });

  it('counts keys, expiring ones with the fewest days, and expired ones', () => {
    const views = [view('a', '案管', 200), view('b', '信访', 9.5), view('c', '信息发布', 20.5), view('d', '代表委员联络', -2)];
    expect(summarize(views, NOW)).toEqual({ keys: 4, expiring: 2, soonestDays: 9, expired: 1 });
  });
});
