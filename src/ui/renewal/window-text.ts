/** The CA profile's renewal window in words (issue 10 §2), from the worker's RenewalWindowInfo. */
import type { Lang } from '../i18n';
import { rt } from '../i18n/renewal-texts';
import type { RenewalWindowInfo } from '../../worker';

export function windowText(info: RenewalWindowInfo, lang: Lang, windowDays: number | null): string {
  const w = info.window;
  if (!w) return rt(lang, 'windowUnknown');
  switch (w.kind) {
    case 'early':
      return rt(lang, 'windowEarly', { days: w.daysLeft, window: windowDays ?? w.daysLeft - w.opensInDays });
    case 'open':
      return rt(lang, 'windowOpen', { days: w.daysLeft });
    case 'grace':
      return w.graceDaysLeft === null ? rt(lang, 'windowGraceNoLimit', { days: w.expiredDays }) : rt(lang, 'windowGrace', { days: w.expiredDays, left: w.graceDaysLeft });
    case 'closed':
      return rt(lang, 'windowClosed', { days: w.expiredDays, grace: w.graceDays });
  }
}
