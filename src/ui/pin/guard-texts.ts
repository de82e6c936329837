import { t, type Lang } from '../i18n';
import type { TryGuard } from './try-guard';

/** The last-try guard's sentence and tick-box label, per secret: what a lock costs (issue 8 §2). */
export function guardTexts(guard: Exclude<TryGuard, null>, credential: 'pin' | 'unblockCode', lang: Lang): { text: string; label: string } {
  if (guard === 'last-try') return { text: t(lang, credential === 'pin' ? 'lastTryCost' : 'unblockCodeLastTryCost'), label: t(lang, 'lastTryConfirm') };
  return { text: t(lang, credential === 'pin' ? 'triesUnknownWarning' : 'unblockCodeTriesUnknownWarning'), label: t(lang, 'triesUnknownConfirm') };
}
