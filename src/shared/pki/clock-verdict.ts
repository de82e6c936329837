/**
 * Whether a wrong PC clock can have produced a certificate's verdict (issue 7 §1): name the clock only when the
 * verdict (valid / expiring / expired / not-yet-valid, RFC 5280 §4.1.2.5) at the best trusted time differs from
 * the verdict at the PC's time. An expired certificate on a clock that is behind stays expired: not the clock.
 */
import type { ClockAssessment } from './clock';
import { evaluateValidity } from './status';

export interface ValidityWindow {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export function clockExplainsVerdict(window: ValidityWindow, thresholdDays: number, pcNow: Date, clock: ClockAssessment): boolean {
  if (!clock.suspect) return false;
  const atPc = evaluateValidity(window.notBefore, window.notAfter, pcNow, thresholdDays).status;
  const atTrusted = evaluateValidity(window.notBefore, window.notAfter, clock.trustedNow, thresholdDays).status;
  return atPc !== atTrusted;
}
