import { t, type Lang } from '../i18n';
import { CertificateDetails } from '../components/certificate-details';
import { hrefFor } from '../router';
import { formatDateTime, type TokenView } from '../token-view';
import { CertOnlyMark, CertOnlyRoute } from './cert-only-facts';

/**
 * The detail page of a key recorded by its certificate (issue 16 §1): the mark, the CA and its renewal route,
 * the clerk's notes, then everything each certificate says (holder, unit, 统一社会信用代码, valid until, issuer
 * verified, revocation). No PIN tries, no 重新读取: the browser cannot open this key.
 */
export function CertOnlyDetail({ view, lang, noRoots }: { view: TokenView; lang: Lang; noRoots: boolean }) {
  const { record } = view;
  return (
    <>
      <CertOnlyMark lang={lang} />
      {noRoots ? (
        <p class="notice" data-testid="no-roots-notice">
          {t(lang, 'noRootsNotice')} <a href={hrefFor({ name: 'trust' })}>{t(lang, 'noRootsLink')}</a>
        </p>
      ) : null}
      <article class="card">
        <h2>{t(lang, 'tokenInfo')}</h2>
        <CertOnlyRoute view={view} lang={lang} />
        <dl class="facts">
          {record.notes ? (<><dt>{t(lang, 'notes')}</dt><dd>{record.notes}</dd></>) : null}
          <dt>{t(lang, 'certOnlyRecordedAt')}</dt>
          <dd>{formatDateTime(record.pairedAt, lang)}</dd>
        </dl>
      </article>
      <h2>{t(lang, 'certificates')}</h2>
      {view.certificates.map((c) => (
        <CertificateDetails key={c.keyRef} cert={c} lang={lang} noRoots={noRoots} certificateOnly />
      ))}
    </>
  );
}
