/**
 * Clock sanity: "certificate not yet valid or expired" is often a wrong PC clock (seeds' FAQ). We can tell the
 * clock is clearly wrong when it is earlier than facts that cannot be in the future: this app's build time, a
 * certificate's notBefore already seen, or (online) a server's Date header.
 */
export interface ClockEvidence {
  readonly now: Date;
  /** When this app was built; the clock cannot be earlier. */
  readonly buildTime?: Date;
  /** The newest notBefore among certificates seen so far (they were issued, so that time has passed). */
  readonly newestNotBeforeSeen?: Date;
  /** A server's HTTP Date header, when online. */
  readonly serverDate?: Date;
  /** Skew against the server that counts as clearly wrong; default 10 minutes. */
  readonly toleranceMs?: number;
}

export type ClockReason = 'before-build-time' | 'before-issued-certificate' | 'server-skew';

export interface ClockAssessment {
  readonly suspect: boolean;
  readonly reason: ClockReason | null;
  /** now − reference in ms (negative: the clock is behind). */
  readonly skewMs: number;
}

const DEFAULT_TOLERANCE_MS = 10 * 60_000;
/** Certificates are sometimes issued with notBefore slightly ahead of the CA's clock; allow for it. */
const NOT_BEFORE_SLACK_MS = 60 * 60_000;

export function assessClock(evidence: ClockEvidence): ClockAssessment {
  const now = evidence.now.getTime();
  const tolerance = evidence.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  if (evidence.serverDate && !Number.isNaN(evidence.serverDate.getTime())) {
    const skew = now - evidence.serverDate.getTime();
    if (Math.abs(skew) > tolerance) return { suspect: true, reason: 'server-skew', skewMs: skew };
  }
  if (evidence.buildTime && now < evidence.buildTime.getTime()) {
    return { suspect: true, reason: 'before-build-time', skewMs: now - evidence.buildTime.getTime() };
  }
  if (evidence.newestNotBeforeSeen && now + NOT_BEFORE_SLACK_MS < evidence.newestNotBeforeSeen.getTime()) {
    return { suspect: true, reason: 'before-issued-certificate', skewMs: now - evidence.newestNotBeforeSeen.getTime() };
  }
  return { suspect: false, reason: null, skewMs: 0 };
}
