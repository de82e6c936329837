import { t, type Lang } from '../i18n';
import { deadlineFor } from '../renewal-deadline';
import { hrefFor } from '../router';
import { slotRoleKey, type TokenView } from '../token-view';
import { viewName } from '../key-name';

/**
 * 全面检查's fix for a certificate inside its renewal window (issue 16 §3; UX walk finding 13): a 去延期 button
 * per certificate the app can renew itself (read live keys; a key known only by its certificate follows its
 * CA's route on its card).
 */
export function RenewLinks({ views, lang, now }: { views: readonly TokenView[]; lang: Lang; now: Date }) {
  const due = views.flatMap((view) =>
    view.record.transport === 'certificate-only'
      ? []
      : view.certificates.flatMap((c) => {
          const kind = c.report ? deadlineFor(c.report, now).kind : 'ok';
          return kind === 'renew-by' || kind === 'grace' ? [{ view, slot: c.slot }] : [];
        }),
  );
  if (due.length === 0) return null;
  return (
    <p class="env-check__actions" data-testid="env-renew-links">
      {due.map(({ view, slot }) => (
        <a key={`${view.record.id}:${slot}`} class="button primary" href={hrefFor({ name: 'renew', tokenId: view.record.id, slot })}>
          {t(lang, 'renewNow')}{lang === 'zh-CN' ? '：' : ': '}{viewName(view, lang)} · {t(lang, slotRoleKey(slot))}
        </a>
      ))}
    </p>
  );
}
