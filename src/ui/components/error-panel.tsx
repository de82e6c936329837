import { describeError, t, type Lang } from '../i18n';
import { hrefFor } from '../router';
import { labelColon } from '../i18n/punctuation';

/**
 * Cause, what to do and the guide for any error (issue 4: never a bare "failed"). The error's class name is
 * for the helpdesk: folded under "technical details", never in the sentence (issue 8 §6).
 */
export function ErrorPanel({ error, lang }: { error: unknown; lang: Lang }) {
  const d = describeError(error, lang);
  const colon = labelColon(lang);
  return (
    <div class="error-panel" role="alert" data-error-name={d.name}>
      <p>
        <strong>{t(lang, 'cause')}{colon}</strong>
        {d.cause}
      </p>
      <p>
        <strong>{t(lang, 'whatToDo')}{colon}</strong>
        {d.whatToDo}
      </p>
      <p>
        <a href={hrefFor({ name: 'guides', guideId: d.guideId })}>{t(lang, 'guideLink')}</a>
      </p>
      <details class="tech">
        <summary>{t(lang, 'techDetails')}</summary>
        <code lang="en">{d.name}</code>
      </details>
    </div>
  );
}
