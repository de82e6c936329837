/**
 * Clock sanity: "certificate not yet valid or expired" is often a wrong PC clock (seeds' FAQ). This module is the
 * ONE clock rule of the app (issue 7 §1): the environment check and the certificate layer both call assessClock.
 *
 * Evidence has a direction. This app's build time and a notBefore of a certificate already seen (chain-verified)
 * are lower bounds on the true time: they can only prove the clock is BEHIND. A server's Date header (corrected
 * by Age, RFC 9111 §5.1) is an estimate of the true time: it proves either direction.
 */
export interface ClockEvidence {
  /** The PC's clock. */
  readonly now: Date;
  /** When this app was built; the true time cannot be earlier. */
  readonly buildTime?: Date;
  /** The newest notBefore among chain-verified certificates seen so far (see clock-evidence.ts). */
  readonly newestNotBeforeSeen?: Date;
  /** A trusted server's time at `now` (Date + Age, moved on by the time elapsed since it arrived). */
  readonly serverDate?: Date;
}

/**
 * The one tolerance: a clock within this of the reference counts as right. HTTP Date has 1 s resolution
 * (RFC 9110 §5.6.7) and networks add delay; 5 minutes is also the customary Kerberos skew (RFC 4120 §1.6).
 */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;
/** CAs sometimes write notBefore slightly ahead of their own clock; a notBefore proves "now ≥ notBefore − this". */
export const NOT_BEFORE_SLACK_MS = 60 * 60_000;

export type ClockReason = 'before-build-time' | 'before-issued-certificate' | 'server-skew';
export type ClockDirection = 'behind' | 'ahead';

export interface ClockAssessment {
  /** The evidence proves the PC clock wrong by more than CLOCK_TOLERANCE_MS. */
  readonly suspect: boolean;
  readonly reason: ClockReason | null;
  readonly direction: ClockDirection | null;
  /** now − trustedNow in ms (negative: the clock is behind); 0 when not suspect. */
  readonly skewMs: number;
  /**
   * The best trusted time: the server's time when it disagrees, else the latest lower bound the clock is
   * behind (the earliest the true time can be), else the PC's own time.
   */
  readonly trustedNow: Date;
}

const usable = (date: Date | undefined): date is Date => date !== undefined && !Number.isNaN(date.getTime());

function pcIsRight(now: Date): ClockAssessment {
  return { suspect: false, reason: null, direction: null, skewMs: 0, trustedNow: now };
}

function wrong(now: Date, trustedNow: Date, reason: ClockReason): ClockAssessment {
  const skewMs = now.getTime() - trustedNow.getTime();
  return { suspect: true, reason, direction: skewMs < 0 ? 'behind' : 'ahead', skewMs, trustedNow };
}

export function assessClock(evidence: ClockEvidence): ClockAssessment {
  const { now } = evidence;
  if (usable(evidence.serverDate)) {
    // Two-sided evidence: it overrides the lower bounds, which it already implies when the server is right.
    const skew = now.getTime() - evidence.serverDate.getTime();
    return Math.abs(skew) > CLOCK_TOLERANCE_MS ? wrong(now, evidence.serverDate, 'server-skew') : pcIsRight(now);
  }
  const bounds: Array<{ at: number; reason: ClockReason }> = [];
  if (usable(evidence.buildTime)) bounds.push({ at: evidence.buildTime.getTime(), reason: 'before-build-time' });
  if (usable(evidence.newestNotBeforeSeen)) {
    bounds.push({ at: evidence.newestNotBeforeSeen.getTime() - NOT_BEFORE_SLACK_MS, reason: 'before-issued-certificate' });
  }
  const latest = bounds.reduce<(typeof bounds)[number] | null>((best, b) => (best === null || b.at > best.at ? b : best), null);
  if (latest && now.getTime() < latest.at - CLOCK_TOLERANCE_MS) return wrong(now, new Date(latest.at), latest.reason);
  return pcIsRight(now);
}
