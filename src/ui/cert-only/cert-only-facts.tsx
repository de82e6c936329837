import { caHotlines, caName, caRoute } from '../ca-routes';
import { t, type Lang } from '../i18n';
import { hrefFor } from '../router';
import type { TokenView } from '../token-view';
import { labelColon } from '../i18n/punctuation';
import { CaServiceRoute } from '../components/ca-service-route';

/** The CA profile id of a certificate-only key: its certificates' first matched row. */
export function caProfileOf(view: TokenView): string | null {
  return view.certificates.map((c) => c.report?.caProfileId ?? null).find((id) => id !== null) ?? null;
}

/**
 * What a key recorded by its certificate offers instead of PIN and renewal buttons (issue 16 §1): the plain mark
 * that the key itself cannot be used here, the CA and its portals, and the CA's own renewal route.
 */
export function CertOnlyMark({ lang }: { lang: Lang }) {
  return (
    <p class="cert-only-mark" data-testid="cert-only-mark">
      {t(lang, 'certOnlyMark')} <a href={hrefFor({ name: 'guides', guideId: 'export-certificate' })}>{t(lang, 'guideLink')}</a>
    </p>
  );
}

export function CertOnlyRoute({ view, lang }: { view: TokenView; lang: Lang }) {
  const profile = caProfileOf(view);
  const name = caName(profile, lang);
  const portals = caRoute(profile).portals[lang];
  const hotlines = caHotlines(profile);
  const colon = labelColon(lang);
  return (
    <div class="route" data-testid="cert-only-route">
      <dl class="facts">
        {name ? (<><dt>{t(lang, 'certOnlyCa')}</dt><dd>{name}</dd></>) : null}
        {portals ? (<><dt>{t(lang, 'certOnlyPortals')}</dt><dd>{portals}</dd></>) : null}
      </dl>
      <p data-testid="renewal-route">
        <strong>{t(lang, 'certOnlyRoute')}</strong>
        {colon}
        {caRoute(profile).renewal[lang]}
        {hotlines.length > 0 ? (
          <>
            {' '}
            {t(lang, 'certOnlyHotline')}
            {colon}
            {hotlines.map((h, i) => (
              <span key={h}>
                {i > 0 ? (lang === 'zh-CN' ? '、' : ', ') : null}
                {/* A phone number never breaks across lines (issue 16 §3); tel: dials it on a phone. */}
                <a class="date" href={`tel:${h.replace(/[^0-9+]/g, '')}`}>{h}</a>
              </span>
            ))}
          </>
        ) : null}
      </p>
      <CaServiceRoute profileId={profile} lang={lang} />
    </div>
  );
}
