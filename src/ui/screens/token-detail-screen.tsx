import { t } from '../../i18n';
import { CertificateDetails } from '../components/certificate-details';
import { CopyButton } from '../components/copy-button';
import { ErrorPanel } from '../components/error-panel';
import { SignInHistory } from '../components/sign-in-history';
import { PinTries } from '../pin/pin-tries';
import { hrefFor } from '../router';
import { formatDateTime, sortCertificates } from '../token-view';
import { useAppState, useModel, useOnline } from '../use-app';

/** Token info (介质序列号 to quote to the CA), PIN tries left, and every certificate in full. */
export function TokenDetailScreen({ tokenId }: { tokenId: string }) {
  const model = useModel();
  const state = useAppState();
  const online = useOnline();
  const { lang } = state;
  const view = state.tokens.get(tokenId);
  if (!view) {
    return (
      <section>
        <h1>{t(lang, 'detailTitle')}</h1>
        <p>{t(lang, 'tokenNotFound')}</p>
        <a href={hrefFor({ name: 'dashboard' })}>{t(lang, 'back')}</a>
      </section>
    );
  }
  const { record } = view;
  const cached = !view.live || !online;
  return (
    <section aria-labelledby="detail-title">
      <h1 id="detail-title">
        {t(lang, 'detailTitle')}: {record.label || record.model || record.productName}
      </h1>
      {cached ? <p class="cached-label" data-testid="cached-label">{t(lang, 'cached')} — {t(lang, 'cachedHint')}</p> : null}
      {view.error ? <ErrorPanel error={view.error} lang={lang} /> : null}
      <article class="card">
        <h2>{t(lang, 'tokenInfo')}</h2>
        <dl class="facts">
          <dt>{t(lang, 'vendor')}</dt>
          <dd>{record.vendor ?? '—'}</dd>
          <dt>{t(lang, 'model')}</dt>
          <dd>{record.model ?? record.productName}</dd>
          <dt>{t(lang, 'tokenSerial')}</dt>
          <dd>
            <span class="mono" data-testid="token-serial">{record.serialNumber ?? '—'}</span>{' '}
            {record.serialNumber ? <CopyButton text={record.serialNumber} lang={lang} what={t(lang, 'tokenSerial')} /> : null}
          </dd>
          <dt>{t(lang, 'firmware')}</dt>
          <dd>{record.firmwareVersion ?? '—'}</dd>
          <dt>{t(lang, 'lastRead')}</dt>
          <dd>{formatDateTime(record.lastReadAt, lang)}</dd>
        </dl>
        <PinTries status={view.pinStatus} lang={lang} />
        <p class="actions">
          <a class="button" href={hrefFor({ name: 'pin', tokenId })}>{t(lang, 'pinManage')}</a>
          <button
            type="button"
            disabled={view.reading}
            onClick={() => void model.adoptGranted((p) => p.id === tokenId)}
          >
            {t(lang, 'refresh')}
          </button>
        </p>
      </article>
      <h2>{t(lang, 'certificates')}</h2>
      {view.certificates.length === 0 ? <p>{t(lang, 'noCertificates')}</p> : null}
      {sortCertificates(view.certificates).map((c) => (
        <CertificateDetails key={c.slot} cert={c} lang={lang} />
      ))}
      <SignInHistory tokenId={tokenId} lang={lang} />
    </section>
  );
}
