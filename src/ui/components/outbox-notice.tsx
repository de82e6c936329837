import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../i18n';
import {
  collectAnswers,
  describeOutbox,
  watchOutbox,
  NOTIFY_OFFER,
  outboxNotice,
  type OutboxEntrySummary,
} from '../../sw/client';
import { useOnline } from '../use-app';

function permission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * Renewal requests in the service worker's outbox (issue 15 §3): what happens next while they wait, and what to do
 * once the CA answered — also when the answer came while the app was closed. Notifications are asked on a click.
 */
export function OutboxNotice({ lang }: { lang: Lang }) {
  const online = useOnline();
  const [entries, setEntries] = useState<readonly OutboxEntrySummary[]>([]);
  const [late, setLate] = useState<ReadonlySet<string>>(new Set());
  const [allowed, setAllowed] = useState(permission());
  useEffect(() => {
    const load = () => {
      void describeOutbox().then(setEntries, () => setEntries([]));
      // The CMP reader is a lazy chunk: only when an answer waits.
      void collectAnswers()
        .then(async (answers) => {
          if (answers.length === 0) return new Set<string>();
          const { refusedAsLate } = await import('../renewal/late-answer');
          return new Set(answers.filter((a) => refusedAsLate(a.body)).map((a) => a.id));
        })
        .then(setLate, () => setLate(new Set()));
    };
    load();
    const stop = watchOutbox(load);
    const timer = setInterval(load, 30_000); // the window passing changes the sentence
    return () => (stop(), clearInterval(timer));
  }, []);
  const notice = outboxNotice(entries, { now: Date.now(), online, lang, refusedAsLate: late });
  if (!notice) return null;
  const offer = NOTIFY_OFFER[lang];
  return (
    <div class={`notice${notice.kind === 'waiting' ? '' : ' warn'}`} role="status" data-testid="outbox-notice" data-kind={notice.kind}>
      <p>{notice.text}</p>
      {notice.kind === 'waiting' && allowed === 'default' ? (
        <button type="button" data-testid="outbox-notify" onClick={() => void Notification.requestPermission().then(setAllowed)}>{offer.button}</button>
      ) : notice.kind === 'waiting' && allowed === 'granted' ? (
        <p class="small">{offer.on}</p>
      ) : null}
    </div>
  );
}
