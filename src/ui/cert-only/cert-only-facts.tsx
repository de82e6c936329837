import { caName, caRoute, renewalRouteText } from '../ca-routes';
import { t, type Lang } from '../i18n';
import { hrefFor } from '../router';
import type { TokenView } from '../token-view';

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
  return (
    <dl class="facts route" data-testid="cert-only-route">
      {name ? (<><dt>{t(lang, 'certOnlyCa')}</dt><dd>{name}</dd></>) : null}
      {portals ? (<><dt>{t(lang, 'certOnlyPortals')}</dt><dd>{portals}</dd></>) : null}
      <dt>{t(lang, 'certOnlyRoute')}</dt>
      <dd data-testid="renewal-route">{renewalRouteText(profile, lang)}</dd>
    </dl>
  );
}
