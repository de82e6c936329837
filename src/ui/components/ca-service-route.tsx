import { t, type Lang } from '../i18n';
import { labelColon } from '../i18n/punctuation';
import { caProfileById } from '../ca-routes';

/**
 * Where to reach the CA besides (or, when its manuals publish no hotline, instead of) a phone number: the
 * profile's service route and website (issue 16 §2 "every CA in the profiles has its hotline"; no number invented).
 */
export function CaServiceRoute({ profileId, lang }: { profileId: string | null; lang: Lang }) {
  const route = caProfileById(profileId)?.serviceRoute;
  if (!route) return null;
  return (
    <p data-testid="ca-service-route">
      <strong>{t(lang, 'caServiceRoute')}</strong>
      {labelColon(lang)}
      {lang === 'zh-CN' ? route.zh : route.en}
      {route.url ? (
        <>
          {' '}
          <a class="url mono" href={route.url} target="_blank" rel="noopener noreferrer">{route.url}</a>
        </>
      ) : null}
    </p>
  );
}
