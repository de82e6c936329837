import { t, type Lang } from '../i18n';
import { hrefFor } from '../router';
import { renewalsDue } from '../key-offers';
import type { TokenView } from '../token-view';
import { viewName } from '../key-name';
import { labelColon } from '../i18n/punctuation';

/**
 * 全面检查's fix for a certificate inside its renewal window (issue 16 §3; UX walk finding 13): a 去延期 button
 * per certificate the app can renew itself (read live keys; a key known only by its certificate follows its
 * CA's route on its card).
 */
export function RenewLinks({ views, lang, now }: { views: readonly TokenView[]; lang: Lang; now: Date }) {
  // Only keys whose card profile renews (issue 17 §3), named by the role the profile gave each key.
  const due = renewalsDue(views, now);
  if (due.length === 0) return null;
  return (
    <p class="env-check__actions" data-testid="env-renew-links">
      {due.map(({ view, cert, roleKey }) => (
        <a key={`${view.record.id}:${cert.keyRef}`} class="button primary" href={hrefFor({ name: 'renew', tokenId: view.record.id, keyRef: cert.keyRef })}>
          {t(lang, 'renewNow')}{labelColon(lang)}{viewName(view, lang)} · {t(lang, roleKey)}
        </a>
      ))}
    </p>
  );
}
