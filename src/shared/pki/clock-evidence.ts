/**
 * Which certificates may teach us about the clock (issue 7 §1 "evidence that can't be poisoned"). A notBefore is
 * a lower bound on the true time only if a CA we trust really issued the certificate and meant it to be valid
 * already: so only certificates whose chain verified to a trusted anchor, and whose notBefore is not after the
 * best trusted time (a CA may pre-date renewals into the future, RFC 5280 §4.1.2.5 allows any notBefore). An
 * unknown-issuer or forged far-future certificate then never makes every later read "clock suspect".
 */
import type { CertificateReport } from './certificate-report';
import { CLOCK_TOLERANCE_MS } from './clock';

export type ClockEvidenceSource = Pick<CertificateReport, 'notBefore' | 'chain' | 'signatureValid'>;

/**
 * The notBefore to remember from one report, or null when it is no evidence. `trustedNow` is
 * assessClock(…).trustedNow at the time of the read (the server's time, a proven lower bound, or the PC's time).
 */
export function clockEvidenceFromReport(report: ClockEvidenceSource, trustedNow: Date): Date | null {
  if (report.chain.status !== 'trusted' || report.signatureValid === false) return null;
  const notBefore = Date.parse(report.notBefore);
  if (Number.isNaN(notBefore) || Number.isNaN(trustedNow.getTime())) return null;
  if (notBefore > trustedNow.getTime() + CLOCK_TOLERANCE_MS) return null; // future-dated: proves nothing yet
  return new Date(notBefore);
}

/** The newest evidence among `reports` and `previous`; `previous` is returned when no report adds to it. */
export function newestClockEvidence(reports: readonly ClockEvidenceSource[], previous: Date | null, trustedNow: Date): Date | null {
  let newest = previous !== null && !Number.isNaN(previous.getTime()) ? previous : null;
  for (const report of reports) {
    const notBefore = clockEvidenceFromReport(report, trustedNow);
    if (notBefore && (newest === null || notBefore.getTime() > newest.getTime())) newest = notBefore;
  }
  return newest;
}
