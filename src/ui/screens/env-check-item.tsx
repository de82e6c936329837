import { CHECK_TITLES, ENV_SCREEN_TEXT, STATUS_TEXT, type CheckResult, type FixAction } from '../env-check';
import { CHECK_TECH } from '../env-check/screen-texts';
import type { ComponentChildren } from 'preact';
import type { Lang } from '../i18n/lang';

const STATUS_MARK = { pass: '✓', warn: '!', fail: '✗', unchecked: '–' } as const;
/** Badge colours with at least 7:1 contrast (WCAG 1.4.6); the word carries the meaning, colour only helps. */
const BADGE_STYLE = {
  pass: { color: '#14532d', background: '#dcfce7' },
  warn: { color: '#713f12', background: '#fef9c3' },
  fail: { color: '#7f1d1d', background: '#fee2e2' },
  unchecked: { color: '#1f2933', background: '#e4e7eb' },
} as const;

/**
 * One check: status in words (not colour alone), the cause in plain words, a fix button where the web can fix
 * it, the guide only where there is something to do, and the technical name folded away (issue 8 §5).
 */
export function CheckItem({ item, lang, onFix, fixNotice, extra }: { item: CheckResult; lang: Lang; onFix: (a: FixAction) => void; fixNotice: string; extra?: ComponentChildren }) {
  const text = ENV_SCREEN_TEXT[lang];
  const titleId = `env-check-${item.id}`;
  return (
    <li class={`env-check env-check--${item.status}`} data-check-id={item.id} data-status={item.status} aria-labelledby={titleId}>
      <h3 id={titleId} class="env-check__title">
        <span class="env-check__badge" style={{ ...BADGE_STYLE[item.status], padding: '0 0.4em', borderRadius: '0.3em' }}>
          <span aria-hidden="true">{STATUS_MARK[item.status]} </span>
          {STATUS_TEXT[item.status][lang]}
        </span>{' '}
        {CHECK_TITLES[item.id][lang]}
      </h3>
      <p class="env-check__cause">{item.cause[lang]}</p>
      {item.status !== 'pass' && extra ? extra : null}
      {item.status !== 'pass' ? (
        <p class="env-check__actions">
          {item.fix ? (
            <button type="button" class="env-check__fix primary" onClick={() => item.fix && onFix(item.fix.action)}>
              {item.fix.label[lang]}
            </button>
          ) : null}{' '}
          <a href={`#/guides/${encodeURIComponent(item.guideId)}`} aria-label={`${text.guide}: ${CHECK_TITLES[item.id][lang]}`}>
            {text.guide}
          </a>
        </p>
      ) : null}
      {fixNotice ? <p class="notice warn" role="alert" data-testid="fix-notice">{fixNotice}</p> : null}
      <details class="tech">
        <summary>{text.tech}</summary>
        <code lang="en">{CHECK_TECH[item.id]}</code>
      </details>
    </li>
  );
}
