import type { ComponentChildren } from 'preact';
import { useErrorBoundary } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import { hrefFor } from '../router';
import { ErrorPanel } from './error-panel';

/**
 * A screen that throws while rendering shows what went wrong and a way out — back to the dashboard, or a
 * reload — instead of a blank page (issue 7 §2). The shell keys it by the route, so navigating clears it.
 */
export function ErrorBoundary({ lang, children }: { lang: Lang; children: ComponentChildren }) {
  const [error, reset] = useErrorBoundary();
  if (!error) return <>{children}</>;
  return (
    <section role="alert" data-testid="screen-error">
      <h1>{t(lang, 'screenErrorTitle')}</h1>
      <p>{t(lang, 'screenErrorIntro')}</p>
      <ErrorPanel error={error} lang={lang} />
      <p>
        <a href={hrefFor({ name: 'dashboard' })} onClick={() => reset()}>
          {t(lang, 'back')}
        </a>{' '}
        <button type="button" onClick={() => location.reload()}>
          {t(lang, 'screenErrorReload')}
        </button>
      </p>
    </section>
  );
}
