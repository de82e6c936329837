import { useState } from 'preact/hooks';
import { t, type Lang } from '../../i18n';
import { hrefFor } from '../router';
import { formatDateTime, ROLE_KEY, sortCertificates, type TokenView } from '../token-view';
import { ErrorPanel } from './error-panel';
import { StatusBadge } from './status-badge';

export interface TokenCardProps {
  readonly view: TokenView;
  readonly lang: Lang;
  readonly online: boolean;
  readonly onLabel: (label: string) => void;
}

/** One paired token on the dashboard: the user's label, model, serial, each certificate's status. */
export function TokenCard({ view, lang, online, onLabel }: TokenCardProps) {
  const { record } = view;
  const [label, setLabel] = useState(record.label);
  const cached = !view.live || !online;
  const labelId = `label-${record.id}`;
  const title = record.label || record.model || record.productName;
  return (
    <article class="card token-card" data-token-id={record.id} data-live={String(view.live)} aria-labelledby={`${labelId}-title`}>
      <header class="card-head">
        <h2 id={`${labelId}-title`}>{title}</h2>
        {record.isDemo ? <span class="demo-label">{t(lang, 'demo')}</span> : null}
        {cached && !view.reading ? (
          <span class="cached-label" title={t(lang, 'cachedHint')} data-testid="cached-label">
            {t(lang, 'cached')}
          </span>
        ) : null}
        {view.reading ? <span class="muted" role="status">{t(lang, 'loading')}</span> : null}
      </header>
      <form
        class="label-form"
        onSubmit={(e) => {
          e.preventDefault();
          onLabel(label.trim());
        }}
      >
        <label for={labelId}>{t(lang, 'tokenLabel')}</label>
        <input id={labelId} value={label} maxLength={40} placeholder={t(lang, 'tokenLabelHint')} onInput={(e) => setLabel(e.currentTarget.value)} />
        <button type="submit">{t(lang, 'saveLabel')}</button>
      </form>
      <dl class="facts">
        <dt>{t(lang, 'model')}</dt>
        <dd>{[record.vendor, record.model ?? record.productName].filter(Boolean).join(' ')}</dd>
        <dt>{t(lang, 'tokenSerial')}</dt>
        <dd class="mono">{record.serialNumber ?? '—'}</dd>
        <dt>{t(lang, 'lastRead')}</dt>
        <dd>{formatDateTime(record.lastReadAt, lang)}</dd>
      </dl>
      {view.certificates.length === 0 && !view.reading ? <p>{t(lang, 'noCertificates')}</p> : null}
      <ul class="cert-list">
        {sortCertificates(view.certificates).map((c) => (
          <li key={c.slot}>
            <span class="cert-holder">{c.report?.subject.CN ?? c.report?.subjectDN ?? t(lang, 'unreadableCert')}</span>
            {c.report && c.report.role !== 'unknown' ? <span class="muted small"> · {t(lang, ROLE_KEY[c.report.role])}</span> : null}{' '}
            {c.report ? <StatusBadge report={c.report} lang={lang} /> : <span class="badge bad">{t(lang, 'unreadableCert')}</span>}
          </li>
        ))}
      </ul>
      {view.error !== null && view.error !== undefined ? <ErrorPanel error={view.error} lang={lang} /> : null}
      <p class="actions">
        <a class="button" href={hrefFor({ name: 'token', tokenId: record.id })}>{t(lang, 'details')}</a>
        <a class="button" href={hrefFor({ name: 'pin', tokenId: record.id })}>{t(lang, 'pinManage')}</a>
      </p>
    </article>
  );
}
