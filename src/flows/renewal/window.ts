/**
 * The CA profile's renewal window (issue 10 §2, ca-profiles RenewalRule): renewal is suggested from
 * `windowDays` before notAfter, allowed earlier, and refused once the certificate has been expired longer than
 * `graceDaysAfterExpiry` (12309: 30 days → 需要重新申请). Checked before any key is generated.
 */
import type { RenewalRule } from '../../shared/ca-profiles';
import { RenewalClosedError } from './errors';

const DAY_MS = 24 * 3600 * 1000;

export type RenewalWindow =
  | { readonly kind: 'early'; readonly daysLeft: number; readonly opensInDays: number }
  | { readonly kind: 'open'; readonly daysLeft: number }
  /** Expired, still renewable for `graceDaysLeft` more days (null: the CA documents no limit). */
  | { readonly kind: 'grace'; readonly expiredDays: number; readonly graceDaysLeft: number | null }
  | { readonly kind: 'closed'; readonly expiredDays: number; readonly graceDays: number };

export function renewalWindow(notAfter: Date, rule: RenewalRule, now: Date): RenewalWindow {
  const msLeft = notAfter.getTime() - now.getTime();
  if (msLeft >= 0) {
    const daysLeft = Math.floor(msLeft / DAY_MS);
    return daysLeft > rule.windowDays ? { kind: 'early', daysLeft, opensInDays: daysLeft - rule.windowDays } : { kind: 'open', daysLeft };
  }
  const expiredDays = Math.ceil(-msLeft / DAY_MS);
  const grace = rule.graceDaysAfterExpiry;
  if (grace !== null && expiredDays > grace) return { kind: 'closed', expiredDays, graceDays: grace };
  return { kind: 'grace', expiredDays, graceDaysLeft: grace === null ? null : grace - expiredDays };
}

/** Throws RenewalClosedError when the window is closed; returns the window otherwise. */
export function assertRenewable(notAfter: Date, rule: RenewalRule, now: Date): RenewalWindow {
  const window = renewalWindow(notAfter, rule, now);
  if (window.kind === 'closed') throw new RenewalClosedError(window.expiredDays, window.graceDays);
  return window;
}
