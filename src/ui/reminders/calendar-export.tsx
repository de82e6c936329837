import { useEffect, useMemo, useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import type { TokenView } from '../token-view';
import { buildCalendar, deadlineEvents } from './deadline-calendar';
import { registerPeriodicReminder, reminderPlan, storeReminderPlan, type PeriodicState } from './reminder-plan';

/**
 * Reminders that do not depend on opening the app (issue 16 §1): the .ics file for Outlook or WeCom, and, where
 * the browser grants Periodic Background Sync, a daily check by the service worker.
 */
export function CalendarExport({ views, now, lang }: { views: readonly TokenView[]; now: Date; lang: Lang }) {
  const events = useMemo(() => deadlineEvents(views, now, lang), [views, lang, now.toDateString()]);
  const [periodic, setPeriodic] = useState<PeriodicState | null>(null);
  const planKey = events.map((e) => `${e.uid}:${e.summary}`).join('|');
  useEffect(() => {
    void storeReminderPlan(reminderPlan(events, t(lang, 'reminderTitle'))).catch(() => undefined);
    if (events.length > 0) void registerPeriodicReminder().then(setPeriodic, () => setPeriodic('unsupported'));
  }, [planKey]);
  if (views.length === 0) return null;
  const download = () => {
    const blob = new Blob([buildCalendar(events, new Date(), lang)], { type: 'text/calendar;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'ukey-deadlines.ics';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div class="calendar-export" data-testid="calendar-export">
      {events.length > 0 ? (
        <>
          <button type="button" onClick={download} data-testid="ics-download">{t(lang, 'icsDownload')}</button>
          <span class="small muted"> {t(lang, 'icsHint')}</span>
        </>
      ) : (
        <p class="small muted">{t(lang, 'icsNone')}</p>
      )}
      {periodic === 'registered' ? <p class="small" data-testid="periodic-on">{t(lang, 'periodicOn')}</p> : null}
    </div>
  );
}
