/**
 * The clock evidence the worker gathers itself (issue 7 §1, §5): this build's time, the newest notBefore of a
 * certificate whose chain verified to a trusted anchor, and our own origin's HTTP Date. The rule that judges
 * it is pki's assessClock — one rule for the certificate layer and the environment check.
 */
import { assessClock, clockEvidenceFromReport, type CertificateReport } from '../shared/pki';

/** A server's Date header (already corrected by its Age) and the local time it arrived. */
export interface ServerTime {
  readonly date: string;
  readonly receivedAt: string;
}

export interface ClockFacts {
  readonly buildTime: string | null;
  readonly newestNotBeforeSeen: string | null;
  readonly server: ServerTime | null;
}

export interface ClockInput {
  readonly buildTime?: Date;
  readonly newestNotBeforeSeen?: Date;
  readonly serverDate?: Date;
}

function isoDate(iso: string | null | undefined): Date | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** assessClock's evidence at `now`: the server's Date moved on by the time elapsed since it was received. */
export function clockInput(facts: ClockFacts, now: Date): ClockInput {
  const buildTime = isoDate(facts.buildTime);
  const newestNotBeforeSeen = isoDate(facts.newestNotBeforeSeen);
  const serverDate = isoDate(facts.server?.date);
  const receivedAt = isoDate(facts.server?.receivedAt);
  return {
    ...(buildTime ? { buildTime } : {}),
    ...(newestNotBeforeSeen ? { newestNotBeforeSeen } : {}),
    // Both times on the same local clock, so their difference is a true duration even when the clock is off.
    ...(serverDate && receivedAt ? { serverDate: new Date(serverDate.getTime() + (now.getTime() - receivedAt.getTime())) } : {}),
  };
}

/**
 * The newest notBefore to remember after a read: only from certificates pki accepts as evidence (chain
 * verified to a trusted anchor, already valid at the best trusted time), so one future-dated or unknown-issuer
 * certificate can never make every later read "clock suspect".
 */
export function evidenceFromReports(reports: readonly CertificateReport[], previous: string | null, clock: ClockInput, now: Date): string | null {
  const { trustedNow } = assessClock({ now, ...clock });
  let newest = isoDate(previous)?.toISOString() ?? null;
  for (const report of reports) {
    const notBefore = clockEvidenceFromReport(report, trustedNow);
    if (notBefore && (newest === null || notBefore.getTime() > Date.parse(newest))) newest = notBefore.toISOString();
  }
  return newest;
}
