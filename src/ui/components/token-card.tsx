import { t, type Lang } from '../i18n';
import { urgentDeadline, reportsOf } from '../dashboard-order';
import { viewName } from '../key-name';
import { deadlineFor } from '../renewal-deadline';
import { keyOffers } from '../key-offers';
import { hrefFor } from '../router';
import { CertOnlyMark, CertOnlyRoute } from '../cert-only/cert-only-facts';
import { certificateRoleKey, sortCertificates, type TokenView } from '../token-view';
import { QueuedRenewal } from '../renewal/queued-renewal';
import { deadlineText } from './deadline-text';
import { WithDates } from './with-dates';
import { ErrorPanel } from './error-panel';
import { ConfirmAction, KeyNotes, LabelTitle } from './key-editors';
import { StatusBadge } from './status-badge';
import { labelColon } from '../i18n/punctuation';
import { useQueuedRenewals } from '../renewal/use-queued-renewals';

export interface TokenCardProps {
  readonly view: TokenView;
  readonly lang: Lang;
  readonly online: boolean;
  readonly now: Date;
  readonly onLabel: (label: string) => void;
  readonly onNotes: (notes: string) => void;
  readonly onRemove: () => void;
}

/**
 * One key on the dashboard (issue 8 §3): its name as the title, the holder's unit and the identifiers a clerk
 * quotes, plugged in or not in words, each certificate with its role and, when due, the renewal deadline.
 */
export function TokenCard({ view, lang, online, now, onLabel, onNotes, onRemove }: TokenCardProps) {
  const { record } = view;
  const name = viewName(view, lang);
  const reports = reportsOf(view);
  const unit = reports.map((r) => r.subject.O).find((o) => o !== undefined && o !== '');
  const usci = reports.map((r) => r.identifiers.usci).find(Boolean);
  const orgCode = reports.map((r) => r.identifiers.orgCode).find(Boolean);
  const urgent = urgentDeadline(view, now);
  const certs = sortCertificates(view.certificates);
  const certOnly = record.transport === 'certificate-only';
  const offers = keyOffers(record);
  // A certificate whose renewal already waits for the CA gets that state, not a second 去延期 (issue 16 §2).
  const queuedRenewals = useQueuedRenewals(record.id, online, !certOnly);
  const queued = new Set(queuedRenewals.map((q) => q.renewal.mainKeyRef));
  // One line per distinct deadline, naming the certificates it applies to (not the same sentence on every row).
  const deadlines: Array<{ text: string; roles: string[]; keyRef: number; renewable: boolean }> = [];
  for (const c of certs) {
    const deadline = c.report ? deadlineFor(c.report, now) : null;
    const text = deadline ? deadlineText(deadline, lang) : null;
    if (text === null || deadline === null) continue;
    const same = deadlines.find((d) => d.text === text);
    const role = t(lang, certificateRoleKey(c, certOnly));
    if (same) same.roles.push(role);
    // A key known only by its certificate is renewed by the CA's own route, shown below, not in this app.
    // Renewal only where the card's profile can generate keys and take certificates (issue 17 §3).
    else deadlines.push({ text, roles: [role], keyRef: c.keyRef, renewable: !certOnly && offers.renew && (deadline.kind === 'renew-by' || deadline.kind === 'grace') });
  }
  return (
    <article class={`card token-card${urgent ? ' due' : ''}`} data-token-id={record.id} data-live={String(view.live)} aria-labelledby={`label-${record.id}-title`}>
      <header class="card-head">
        <LabelTitle id={record.id} title={name} label={record.label} lang={lang} onSave={onLabel} />
        {record.isDemo ? <span class="demo-label">{t(lang, 'demo')}</span> : null}
      </header>
      {certOnly ? (
        <CertOnlyMark lang={lang} />
      ) : (
        <p class={`plug ${view.live && online ? 'in' : 'out'}`} data-testid="plug-state">
          {view.reading ? t(lang, 'pinReadingKey') : t(lang, view.live ? 'keyPlugged' : 'keyNotPlugged')}
        </p>
      )}
      <dl class="facts">
        {unit ? (<><dt>{t(lang, 'keyUnit')}</dt><dd data-testid="unit">{unit}</dd></>) : null}
        {usci ? (<><dt>{t(lang, 'idUsci')}</dt><dd class="mono" data-testid="usci">{usci}</dd></>) : null}
        {orgCode ? (<><dt>{t(lang, 'idOrgCode')}</dt><dd class="mono">{orgCode}</dd></>) : null}
        {certOnly ? null : (<><dt>{t(lang, 'tokenSerial')}</dt><dd class="mono">{record.serialNumber ?? '—'}</dd></>)}
      </dl>
      {view.certificates.length === 0 && !view.reading ? <p>{t(lang, 'noCertificates')}</p> : null}
      <ul class="cert-list">
        {certs.map((c) => (
          <li key={c.keyRef} data-key-ref={c.keyRef.toString(16).toUpperCase()}>
            <span class="cert-role">{t(lang, certificateRoleKey(c, certOnly))}</span>
            <span class="cert-holder" data-cert-value> · {c.report?.subject.CN ?? t(lang, 'unreadableCert')}</span>{' '}
            {c.report ? <StatusBadge report={c.report} lang={lang} /> : <span class="badge bad">{t(lang, 'unreadableCert')}</span>}
          </li>
        ))}
      </ul>
      {deadlines.map((d) => (
        <p key={d.text} class="deadline" data-testid="deadline">
          <strong>{d.roles.join(lang === 'zh-CN' ? '、' : ', ')}</strong>
          {labelColon(lang)}
          <WithDates text={d.text} /> <a href={hrefFor({ name: 'guides', guideId: 'renewal-rules' })}>{t(lang, 'renewalGuide')}</a>
          {d.renewable && queued.has(d.keyRef) ? (
            <>
              {' '}
              <span class="badge warn" data-testid="renewal-queued-mark">{t(lang, 'renewQueuedMark')}</span>
            </>
          ) : d.renewable ? (
            <>
              {' '}
              <a class="button" data-testid="renew-button" href={hrefFor({ name: 'renew', tokenId: record.id, keyRef: d.keyRef })}>{t(lang, 'renewNow')}</a>
            </>
          ) : null}
        </p>
      ))}
      {certOnly ? <CertOnlyRoute view={view} lang={lang} /> : <QueuedRenewal tokenId={record.id} lang={lang} queued={queuedRenewals} />}
      {view.error !== null && view.error !== undefined && !view.reading ? <ErrorPanel error={view.error} lang={lang} /> : null}
      <KeyNotes id={record.id} notes={record.notes ?? ''} lang={lang} onSave={onNotes} />
      <p class="actions">
        <a class="button" href={hrefFor({ name: 'token', tokenId: record.id })}>{t(lang, 'details')}</a>
        {certOnly || !offers.pin ? null : <a class="button" href={hrefFor({ name: 'pin', tokenId: record.id })}>{t(lang, 'pinManage')}</a>}
        <ConfirmAction label={t(lang, 'removeKey')} question={t(lang, 'removeConfirm', { name })} yes={t(lang, 'removeYes')} lang={lang} onConfirm={onRemove} testId="remove-key" />
      </p>
    </article>
  );
}
