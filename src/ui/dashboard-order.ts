import type { CertificateReport } from '../shared/pki';
import { deadlineFor, needsAction, type Deadline } from './renewal-deadline';
import { soonestExpiry, type TokenView } from './token-view';

/** Labels in pinyin order, as a clerk reads them (案管, 代表委员联络, 信访, 信息发布): ECMA-402 collation. */
const COLLATOR = new Intl.Collator('zh-CN', { numeric: true, sensitivity: 'base' });

export function reportsOf(view: TokenView): CertificateReport[] {
  return view.certificates.map((c) => c.report).filter((r): r is CertificateReport => r !== null);
}

/** The most urgent deadline of a key (earliest expiry among certificates that need action), or null. */
export function urgentDeadline(view: TokenView, now: Date): { report: CertificateReport; deadline: Deadline } | null {
  const urgent = reportsOf(view)
    .map((report) => ({ report, deadline: deadlineFor(report, now) }))
    .filter((d) => needsAction(d.deadline))
    .sort((a, b) => Date.parse(a.report.notAfter) - Date.parse(b.report.notAfter));
  return urgent[0] ?? null;
}

/**
 * Dashboard order (issue 8 §3): keys with a certificate inside its renewal window or expired come first,
 * soonest first; then every other key by its label in pinyin order (unlabelled last), then id for stability.
 */
export function sortForDashboard(views: readonly TokenView[], now: Date): TokenView[] {
  return [...views].sort((a, b) => {
    const ua = urgentDeadline(a, now) !== null;
    const ub = urgentDeadline(b, now) !== null;
    if (ua !== ub) return ua ? -1 : 1;
    if (ua && ub) {
      const d = soonestExpiry(a.certificates) - soonestExpiry(b.certificates);
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    if ((a.record.label === '') !== (b.record.label === '')) return a.record.label === '' ? 1 : -1;
    return COLLATOR.compare(a.record.label, b.record.label) || a.record.id.localeCompare(b.record.id);
  });
}

export interface DashboardSummary {
  readonly keys: number;
  /** Keys inside their renewal window (not yet expired), with the fewest days left among them. */
  readonly expiring: number;
  readonly soonestDays: number | null;
  /** Keys with an expired certificate. */
  readonly expired: number;
}

export function summarize(views: readonly TokenView[], now: Date): DashboardSummary {
  let expiring = 0;
  let expired = 0;
  let soonestDays: number | null = null;
  for (const view of views) {
    const urgent = urgentDeadline(view, now);
    if (!urgent) continue;
    if (urgent.deadline.kind === 'renew-by') {
      expiring += 1;
      soonestDays = soonestDays === null ? urgent.deadline.daysLeft : Math.min(soonestDays, urgent.deadline.daysLeft);
    } else expired += 1;
  }
  return { keys: views.length, expiring, soonestDays, expired };
}
