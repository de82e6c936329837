import { useEffect, useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import { urgentDeadline } from '../dashboard-order';
import { keyName } from '../key-name';
import type { TokenView } from '../token-view';
import { deadlineText } from './deadline-text';

const SESSION_KEY = 'ukey-reminded';

function permission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** One system notification per key inside its window, at most once per browser session (no nagging). */
function notifyDue(due: readonly TokenView[], now: Date, lang: Lang): void {
  try {
    if (sessionStorage.getItem(SESSION_KEY) === '1') return;
    sessionStorage.setItem(SESSION_KEY, '1');
  } catch {
    return; // storage blocked: better no reminder than one on every render
  }
  for (const view of due) {
    const urgent = urgentDeadline(view, now);
    const deadline = urgent ? deadlineText(urgent.deadline, lang) : null;
    if (!deadline) continue;
    new Notification(t(lang, 'reminderTitle'), { body: t(lang, 'reminderBody', { name: keyName(view.record, lang), deadline }), tag: `ukey-due-${view.record.id}`, lang });
  }
}

/**
 * Keys inside their renewal window are listed first with this notice (issue 8 §3). The Notifications API is
 * asked only on a click (browsers ignore or block permission prompts without a user gesture).
 */
export function ExpiryReminder({ due, now, lang }: { due: readonly TokenView[]; now: Date; lang: Lang }) {
  const [state, setState] = useState(permission());
  useEffect(() => {
    if (state === 'granted' && due.length > 0) notifyDue(due, now, lang);
  }, [state, due.length]); // once per permission change and count of due keys, not on every render
  if (due.length === 0) return null;
  const ask = async () => {
    const answer = await Notification.requestPermission();
    setState(answer);
  };
  return (
    <div class="notice warn" role="status" data-testid="reminder-notice">
      <p>{t(lang, 'reminderNotice')}</p>
      {state === 'default' ? (
        <button type="button" onClick={() => void ask()} data-testid="reminder-enable">{t(lang, 'reminderEnable')}</button>
      ) : state === 'granted' ? (
        <p class="small">{t(lang, 'reminderOn')}</p>
      ) : state === 'denied' ? (
        <p class="small">{t(lang, 'reminderDenied')}</p>
      ) : null}
    </div>
  );
}
