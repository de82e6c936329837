/**
 * The deadlines as a calendar file (issue 16 §1): one all-day event per distinct deadline of each key, the
 * CA's renewal route in the description, alarms at the start of the CA's renewal window and a week before —
 * so Outlook or the WeCom calendar reminds the clerk without this app open (the native assistants remind
 * from the tray). RFC 5545: VCALENDAR §3.4, VEVENT §3.6.1, VALARM §3.6.6.
 */
import { renewalRouteText, caName, caProfileById } from '../ca-routes';
import { deadlineFor, renewalRuleFor } from '../renewal-deadline';
import { t, type Lang } from '../i18n';
import { viewName } from '../key-name';
import { certificateRoleKey, formatDate, type TokenView } from '../token-view';
import { escapeText, foldLine, icsDate, icsUtc } from './ics-text';

export interface CalendarEvent {
  readonly uid: string;
  /** The last day to act: the expiry, or the end of the CA's grace days once expired. */
  readonly day: Date;
  readonly summary: string;
  readonly description: string;
  /** Days before `day` to alarm (the CA's window, one week). */
  readonly alarmDays: readonly number[];
}

const DAY_MS = 86_400_000;

/** The events for every key with a certificate whose deadline has not passed for good. */
export function deadlineEvents(views: readonly TokenView[], now: Date, lang: Lang): CalendarEvent[] {
  const events: CalendarEvent[] = [];
  const zh = lang === 'zh-CN';
  for (const view of views) {
    const certOnly = view.record.transport === 'certificate-only';
    const byDay = new Map<string, { day: Date; roles: string[]; profileId: string | null; windowDays: number; holder: string }>();
    for (const cert of view.certificates) {
      const report = cert.report;
      if (!report) continue;
      const deadline = deadlineFor(report, now);
      const rule = renewalRuleFor(report);
      const notAfter = new Date(report.notAfter);
      let day: Date;
      if (deadline.kind === 'grace') day = deadline.by;
      else if (deadline.kind === 'too-late' || deadline.kind === 'expired') continue; // nothing left to remind of
      else day = notAfter;
      const key = icsDate(day);
      const role = t(lang, certificateRoleKey(cert, certOnly));
      const entry = byDay.get(key);
      if (entry) entry.roles.push(role);
      else byDay.set(key, { day, roles: [role], profileId: report.caProfileId, windowDays: rule.windowDays, holder: report.subject.O ?? report.subject.CN ?? '' });
    }
    const name = viewName(view, lang);
    for (const [key, e] of byDay) {
      const ca = caName(e.profileId, lang);
      const roles = e.roles.join(zh ? '、' : ', ');
      const summary = zh ? `UKEY 证书延期截止：${name}（${roles}）` : `UKEY certificate renewal deadline: ${name} (${roles})`;
      const lines = [
        zh ? `UKEY：${name}` : `Key: ${name}`,
        ...(e.holder ? [zh ? `持有人：${e.holder}` : `Holder: ${e.holder}`] : []),
        zh ? `证书：${roles}，${formatDate(e.day.toISOString())} 前办理` : `Certificates: ${roles}, act by ${formatDate(e.day.toISOString())}`,
        ...(ca ? [zh ? `颁发 CA：${ca}` : `Issuing CA: ${ca}`] : []),
        zh ? `延期办法：${renewalRouteText(e.profileId, lang)}` : `How to renew: ${renewalRouteText(e.profileId, lang)}`,
        ...serviceLine(e.profileId, zh),
        ...(view.record.notes ? [zh ? `备注：${view.record.notes}` : `Notes: ${view.record.notes}`] : []),
      ];
      events.push({
        uid: `${view.record.id.replace(/[^A-Za-z0-9:.-]/g, '')}-${key}@ukey-assistant`,
        day: e.day,
        summary,
        description: lines.join('\n'),
        alarmDays: [...new Set([e.windowDays, 7])].filter((d) => d > 0).sort((a, b) => b - a),
      });
    }
  }
  return events.sort((a, b) => a.day.getTime() - b.day.getTime());
}

/** "联系 CA：…" from the CA profile, so a CA without a published hotline still has a route in the event. */
function serviceLine(profileId: string | null, zh: boolean): string[] {
  const route = caProfileById(profileId)?.serviceRoute;
  if (!route) return [];
  const where = route.url ? ` ${route.url}` : '';
  return [zh ? `联系 CA：${route.zh}${where}` : `Contact the CA: ${route.en}${where}`];
}

/** The .ics text: CRLF lines, each ≤ 75 octets (RFC 5545 §3.1). */
export function buildCalendar(events: readonly CalendarEvent[], now: Date, lang: Lang): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//UKey Assistant//Renewal deadlines//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(lang === 'zh-CN' ? 'UKEY 证书到期' : 'UKEY certificate deadlines')}`,
  ];
  for (const e of events) {
    const next = new Date(e.day.getTime() + DAY_MS);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${icsUtc(now)}`,
      `DTSTART;VALUE=DATE:${icsDate(e.day)}`,
      `DTEND;VALUE=DATE:${icsDate(next)}`, // §3.6.1: an all-day event ends the next day (exclusive)
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      'TRANSP:TRANSPARENT',
    );
    for (const days of e.alarmDays) {
      lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${escapeText(e.summary)}`, `TRIGGER:-P${days}D`, 'END:VALARM');
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('');
}
