import type { KeyFacts } from './env-check/checks-keys';
import { reportsOf } from './dashboard-order';
import { keyName } from './key-name';
import { deadlineFor } from './renewal-deadline';
import type { Lang } from './i18n';
import type { TokenView } from './token-view';

const RANK = { ok: 0, due: 1, expired: 2, 'too-late': 3 } as const;

/** A key's facts for the 全面检查 (env-check/checks-keys.ts): its worst certificate deadline and PIN state. */
export function keyFacts(view: TokenView, now: Date, lang: Lang): KeyFacts {
  let certificate: KeyFacts['certificate'] = 'ok';
  let days: number | null = null;
  for (const report of reportsOf(view)) {
    const d = deadlineFor(report, now);
    const kind = d.kind === 'renew-by' ? 'due' : d.kind === 'grace' || d.kind === 'expired' ? 'expired' : d.kind === 'too-late' ? 'too-late' : 'ok';
    if (RANK[kind] > RANK[certificate]) {
      certificate = kind;
      days = d.kind === 'renew-by' ? d.daysLeft : d.kind === 'ok' ? null : d.daysExpired;
    }
  }
  const pin = view.live && view.pinStatus ? { blocked: view.pinStatus.pin.blocked, isDefault: view.pinStatus.pin.isDefault } : null;
  return { name: keyName(view.record, lang), certificate, days, pin };
}
