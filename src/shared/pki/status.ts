/** Validity status at a given time (RFC 5280 §4.1.2.5) and the CA's renewal rule. */
import type { CertificateStatus } from './certificate-report';
import type { RenewalPolicy } from './certificate-policy';

export const DEFAULT_THRESHOLD_DAYS = 30;
const DAY_MS = 86_400_000;

export interface ValidityVerdict {
  readonly status: CertificateStatus;
  /** Whole days until notAfter, rounded down (negative once expired). */
  readonly daysLeft: number;
}

export function evaluateValidity(notBefore: Date, notAfter: Date, now: Date, thresholdDays = DEFAULT_THRESHOLD_DAYS): ValidityVerdict {
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  let status: CertificateStatus;
  if (now.getTime() < notBefore.getTime()) status = 'not-yet-valid';
  else if (now.getTime() > notAfter.getTime()) status = 'expired';
  else if (daysLeft < thresholdDays) status = 'expiring';
  else status = 'valid';
  return { status, daysLeft };
}

/**
 * Whether the CA still renews online: a valid certificate can be; an expired one only within the CA's grace
 * (12309: not when expired more than 30 days); without a documented grace an expired one is re-issued instead.
 */
export function isRenewable(verdict: ValidityVerdict, notAfter: Date, now: Date, rule: RenewalPolicy | null): boolean {
  if (verdict.status === 'not-yet-valid') return false;
  if (verdict.status !== 'expired') return true;
  const grace = rule?.graceDaysAfterExpiry ?? null;
  return grace !== null && now.getTime() - notAfter.getTime() <= grace * DAY_MS;
}
