import { CA_PROFILES, type RenewalRule } from '../shared/ca-profiles';
import type { CertificateReport } from '../shared/pki';

const DAY_MS = 86_400_000;
/** When no CA profile matched: the renewal window most CA manuals give (30 days; seeds 002, 003). */
const DEFAULT_RULE: RenewalRule = { windowDays: 30, graceDaysAfterExpiry: null };

/**
 * What the user must do about one certificate's expiry, from the CA profile's renewal rule (issue 8 §3):
 *  - 'ok': outside the window, nothing to do yet;
 *  - 'renew-by': inside the window, renew before `by` (the expiry);
 *  - 'grace': expired, but the CA still extends until `by` (12309: 30 days after expiry, seed 003);
 *  - 'too-late': expired beyond the grace days: a new application is needed;
 *  - 'expired': expired, and the CA documents no limit: ask the CA.
 */
export type Deadline =
  | { readonly kind: 'ok' }
  | { readonly kind: 'renew-by'; readonly by: Date; readonly daysLeft: number }
  | { readonly kind: 'grace'; readonly by: Date; readonly daysExpired: number; readonly graceDays: number }
  | { readonly kind: 'too-late'; readonly daysExpired: number; readonly graceDays: number }
  | { readonly kind: 'expired'; readonly daysExpired: number };

export function renewalRuleFor(report: CertificateReport): RenewalRule {
  return CA_PROFILES.find((p) => p.id === report.caProfileId)?.renewal ?? DEFAULT_RULE;
}

/** Whole days from `now` to `at`, rounded down (negative in the past), as the badge counts them. */
function daysUntil(at: Date, now: Date): number {
  return Math.floor((at.getTime() - now.getTime()) / DAY_MS);
}

export function deadlineFor(report: CertificateReport, now: Date, rule: RenewalRule = renewalRuleFor(report)): Deadline {
  const notAfter = new Date(report.notAfter);
  if (Number.isNaN(notAfter.getTime())) return { kind: 'ok' };
  const daysLeft = daysUntil(notAfter, now);
  if (now.getTime() <= notAfter.getTime()) {
    return daysLeft < rule.windowDays ? { kind: 'renew-by', by: notAfter, daysLeft } : { kind: 'ok' };
  }
  const daysExpired = Math.max(1, Math.floor((now.getTime() - notAfter.getTime()) / DAY_MS));
  if (rule.graceDaysAfterExpiry === null) return { kind: 'expired', daysExpired };
  const graceDays = rule.graceDaysAfterExpiry;
  if (daysExpired <= graceDays) return { kind: 'grace', by: new Date(notAfter.getTime() + graceDays * DAY_MS), daysExpired, graceDays };
  return { kind: 'too-late', daysExpired, graceDays };
}

/** A key needs action when any of its certificates is inside its window or expired. */
export function needsAction(deadline: Deadline): boolean {
  return deadline.kind !== 'ok';
}
