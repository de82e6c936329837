import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { CertOnlyDetail } from '../cert-only/cert-only-detail';
import { CertificateDetails } from '../components/certificate-details';
import { CopyButton } from '../components/copy-button';
import { ErrorPanel } from '../components/error-panel';
import { SignInHistory } from '../components/sign-in-history';
import { viewName } from '../key-name';
import { PinTries } from '../pin/pin-tries';
import { hrefFor } from '../router';
import { formatDateTime, sortCertificates } from '../token-view';
import { useAppState, useModel, useOnline } from '../use-app';
import { labelColon } from '../i18n/punctuation';

/**
 * One key (issue 8 §4): plugged in or not, the 介质序列号 to quote, PIN tries, then each certificate summary-first.
 * "Issuer unknown" because no CA root was imported is said once here, neutrally, with how to import.
 */
export function TokenDetailScreen({ tokenId }: { tokenId: string }) {
  const model = useModel();
  const state = useAppState();
  const online = useOnline();
  const { lang } = state;
  const view = state.tokens.get(tokenId);
  const [answer, setAnswer] = useState<string | null>(null);
  if (!view) {
    return (
      <section aria-labelledby="detail-title">
        <h1 id="detail-title" tabIndex={-1}>{t(lang, 'detailTitle')}</h1>
        <p role="status">{state.scanned ? t(lang, 'tokenNotFound') : t(lang, 'pinReadingKey')}</p>
        <a href={hrefFor({ name: 'dashboard' })}>{t(lang, 'back')}</a>
      </section>
    );
  }
  const { record } = view;
  const cached = !view.live || !online;
  const noRoots = state.trustedCas.length === 0 && view.certificates.some((c) => c.report?.chain.status === 'unknown-issuer');
  const reread = async () => {
    setAnswer(null);
    const found = await model.rereadToken(tokenId).catch(() => false);
    const time = new Date().toLocaleTimeString(lang, { hour12: false });
    setAnswer(t(lang, found ? 'rereadAnswerOk' : 'rereadAnswerAbsent', { time }));
  };
  return (
    <section aria-labelledby="detail-title">
      <h1 id="detail-title" tabIndex={-1}>
        {t(lang, 'detailTitle')}
        {labelColon(lang)}
        {viewName(view, lang)}
      </h1>
      {record.transport === 'certificate-only' ? <CertOnlyDetail view={view} lang={lang} noRoots={noRoots} /> : (
        <>
          <p class={`plug ${cached ? 'out' : 'in'}`} data-testid="plug-state">{t(lang, cached ? 'keyNotPlugged' : 'keyPlugged')}</p>
          {view.error ? <ErrorPanel error={view.error} lang={lang} /> : null}
          {noRoots ? (
            <p class="notice" data-testid="no-roots-notice">
              {t(lang, 'noRootsNotice')} <a href={hrefFor({ name: 'trust' })}>{t(lang, 'noRootsLink')}</a>
            </p>
          ) : null}
          <article class="card">
            <h2>{t(lang, 'tokenInfo')}</h2>
            <dl class="facts">
              <dt>{t(lang, 'tokenSerial')}</dt>
              <dd>
                <span class="mono" data-testid="token-serial">{record.serialNumber ?? '—'}</span>{' '}
                {record.serialNumber ? <CopyButton text={record.serialNumber} lang={lang} what={t(lang, 'tokenSerial')} /> : null}
              </dd>
              <dt>{t(lang, 'model')}</dt>
              <dd>{record.isDemo ? t(lang, 'demoKeyName') : [record.vendor, record.model ?? record.productName].filter(Boolean).join(' ')}</dd>
              <dt>{t(lang, 'lastRead')}</dt>
              <dd>{formatDateTime(record.lastReadAt, lang)}</dd>
              {record.notes ? (<><dt>{t(lang, 'notes')}</dt><dd>{record.notes}</dd></>) : null}
            </dl>
            <PinTries status={view.pinStatus} lang={lang} />
            <p class="actions">
              <a class="button" href={hrefFor({ name: 'pin', tokenId })}>{t(lang, 'pinManage')}</a>
              <button type="button" disabled={view.reading} onClick={() => void reread()} data-testid="reread">
                {t(lang, 'rereadButton')}
              </button>
            </p>
            <p role="status" data-testid="reread-answer">{answer ?? ''}</p>
            <details class="tech">
              <summary>{t(lang, 'techDetails')}</summary>
              <dl class="facts">
                <dt>{t(lang, 'vendor')}</dt>
                <dd lang="en">{record.vendor ?? '—'}</dd>
                <dt>{t(lang, 'model')}</dt>
                <dd lang="en">{record.model ?? record.productName}</dd>
                <dt>{t(lang, 'firmware')}</dt>
                <dd>{record.firmwareVersion ?? '—'}</dd>
              </dl>
            </details>
          </article>
          <h2>{t(lang, 'certificates')}</h2>
          {view.certificates.length === 0 ? <p>{t(lang, 'noCertificates')}</p> : null}
          {sortCertificates(view.certificates).map((c) => (
            <CertificateDetails key={c.keyRef} cert={c} lang={lang} noRoots={noRoots} />
          ))}
          <SignInHistory tokenId={tokenId} lang={lang} />
        </>
      )}
    </section>
  );
}
