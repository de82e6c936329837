import { t, type Lang } from '../i18n';
import { ExpiryReminder } from '../components/expiry-reminder';
import { CalendarExport } from '../reminders/calendar-export';
import { Notices } from '../components/notices';
import { OutboxNotice } from '../components/outbox-notice';
import { TokenCard } from '../components/token-card';
import { sortForDashboard, summarize, urgentDeadline, type DashboardSummary } from '../dashboard-order';
import { hrefFor } from '../router';
import { useAppState, useModel, useOnline } from '../use-app';

function summaryText(s: DashboardSummary, lang: Lang): string {
  const sep = lang === 'zh-CN' ? '，' : ', ';
  const parts = [s.keys === 1 ? t(lang, 'summaryKeysOne') : t(lang, 'summaryKeys', { n: s.keys })]; // "1 UKEYs" read wrong
  if (s.expired > 0) parts.push(t(lang, 'summaryExpired', { n: s.expired }));
  if (s.expiring > 0) parts.push(t(lang, 'summaryExpiring', { n: s.expiring, days: s.soonestDays ?? 0 }));
  if (s.expired === 0 && s.expiring === 0) parts.push(t(lang, 'summaryAllOk'));
  return parts.join(sep);
}

/** The empty dashboard says in two lines what the app does, where to see which keys work, and offers the demo (§1). */
function EmptyDashboard({ lang, onDemo }: { lang: Lang; onDemo: () => void }) {
  return (
    <div class="card empty" data-testid="dashboard-empty">
      <p>{t(lang, 'emptyIntro')}</p>
      <p>{t(lang, 'emptyIntro2')}</p>
      <p class="actions">
        <a class="button primary" href={hrefFor({ name: 'pair' })}>{t(lang, 'emptyWhichKeys')}</a>
        <button type="button" onClick={onDemo} data-testid="empty-demo">{t(lang, 'demoButton')}</button>
      </p>
    </div>
  );
}

/**
 * Every key on this device (issue 8 §3): a summary line, keys due for renewal first with a reminder, the rest
 * in pinyin order of their labels; cards in a grid that uses the desktop width.
 */
export function DashboardScreen() {
  const model = useModel();
  const state = useAppState();
  const online = useOnline();
  const { lang } = state;
  const now = new Date();
  const views = sortForDashboard([...state.tokens.values()], now);
  const due = views.filter((v) => urgentDeadline(v, now) !== null);
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title" tabIndex={-1}>{t(lang, 'dashboardTitle')}</h1>
      <Notices lang={lang} corrupt={state.corrupt} storageError={state.storageError} />
      <OutboxNotice lang={lang} />
      {views.length === 0 && state.loaded ? <EmptyDashboard lang={lang} onDemo={() => void model.startDemo()} /> : null}
      {views.length > 0 ? <p class="summary" data-testid="dashboard-summary">{summaryText(summarize(views, now), lang)}</p> : null}
      <ExpiryReminder due={due} now={now} lang={lang} />
      <CalendarExport views={views} now={now} lang={lang} />
      <div class="cards">
        {views.map((view) => (
          <TokenCard
            key={view.record.id}
            view={view}
            lang={lang}
            online={online}
            now={now}
            onLabel={(label) => void model.setLabel(view.record.id, label)}
            onNotes={(notes) => void model.setNotes(view.record.id, notes)}
            onRemove={() => void model.removeToken(view.record.id)}
          />
        ))}
      </div>
    </section>
  );
}
