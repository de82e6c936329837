import { t, type Lang } from '../i18n';
import type { Deadline } from '../renewal-deadline';
import { formatDate } from '../token-view';

/** The renewal deadline in words ("最晚 12-10 前办理延期", "已过期 45 天，超过 30 天不能延期…"), or null when none. */
export function deadlineText(deadline: Deadline, lang: Lang): string | null {
  switch (deadline.kind) {
    case 'ok':
      return null;
    case 'renew-by':
      return t(lang, 'deadlineRenewBy', { date: formatDate(deadline.by.toISOString()) });
    case 'grace':
      return t(lang, 'deadlineGrace', { days: deadline.daysExpired, grace: deadline.graceDays, date: formatDate(deadline.by.toISOString()) });
    case 'too-late':
      return t(lang, 'deadlineTooLate', { days: deadline.daysExpired, grace: deadline.graceDays });
    case 'expired':
      return t(lang, 'deadlineExpired', { days: deadline.daysExpired });
  }
}
