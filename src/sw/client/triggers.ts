/**
 * The page's share of the triggers (issue 10 §3): its `online` event and a timer while the app is open kick the
 * service worker; and a way to hear about changes (the service worker broadcasts each new state).
 */
import { OUTBOX_CHANNEL, isOutboxChanged, type OutboxChangedMessage } from '../outbox/messages';
import { describeOutbox } from './read';
import { kickOutbox } from './kick';

export const DEFAULT_TIMER_MS = 15_000;

/**
 * Starts the `online` listener and the timer (it kicks only while an entry waits). Returns stop. Call once from
 * the window (e.g. main.tsx); the driver worker need not.
 */
export function startOutboxTriggers(options: { timerMs?: number } = {}): () => void {
  const onOnline = (): void => void kickOutbox('online');
  window.addEventListener('online', onOnline);
  const tick = (): void => {
    void describeOutbox()
      .then((entries) => {
        if (entries.some((entry) => entry.state === 'queued' || entry.state === 'sending')) return kickOutbox('timer');
        return undefined;
      })
      .catch(() => undefined);
  };
  // Opening the app is a trigger too (a running service worker does not look again by itself).
  tick();
  const timer = setInterval(tick, options.timerMs ?? DEFAULT_TIMER_MS);
  return () => {
    window.removeEventListener('online', onOnline);
    clearInterval(timer);
  };
}

/** Calls `listener` for every state change the service worker reports. Returns unsubscribe. */
export function watchOutbox(listener: (change: OutboxChangedMessage) => void): () => void {
  const channel = new BroadcastChannel(OUTBOX_CHANNEL);
  channel.addEventListener('message', (event: MessageEvent) => {
    if (isOutboxChanged(event.data)) listener(event.data);
  });
  return () => channel.close();
}
