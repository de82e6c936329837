/// <reference lib="webworker" />
/**
 * The result waits for the user (issue 15 §3): when a delivery pass stores the CA's answer (or a refusal) while
 * no app window is visible, a system notification says so — only if the user allowed notifications (Notifications
 * API §2: the permission is the user's; we never ask from here). A click opens the app, whose dashboard notice
 * says what to do next. zh-CN unless the browser's language is not Chinese.
 */
import type { OutboxEntry } from './entry';

/** One notification for the outbox at a time: a newer one replaces the older (Notifications API §3.6 "tag"). */
export const OUTBOX_NOTIFICATION_TAG = 'ukey-outbox';

const TEXTS = {
  zh: {
    answered: { title: 'CA 已答复证书延期请求', body: '打开 UKey 助手，插入 UKEY 并输入 PIN，完成新证书的安装。' },
    failed: { title: '证书延期请求没有送达', body: '打开 UKey 助手查看原因和下一步。' },
  },
  en: {
    answered: { title: 'The CA has answered your renewal', body: 'Open UKey Assistant, insert the UKEY and enter the PIN to install the new certificate.' },
    failed: { title: 'Your renewal request was not delivered', body: 'Open UKey Assistant to see why and what to do next.' },
  },
} as const;

export function notificationFor(entry: OutboxEntry, language: string): { title: string; body: string } | null {
  if (entry.state !== 'answered' && entry.state !== 'failed') return null;
  return TEXTS[/^zh\b/i.test(language) ? 'zh' : 'en'][entry.state];
}

/** Shows the notification when allowed and no window of the app is visible (a visible one shows the notice). */
export async function notifyIfAway(scope: ServiceWorkerGlobalScope, entry: OutboxEntry): Promise<boolean> {
  const text = notificationFor(entry, scope.navigator.language);
  if (!text || typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
  const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  if (windows.some((w) => w.visibilityState === 'visible')) return false;
  await scope.registration.showNotification(text.title, { body: text.body, tag: OUTBOX_NOTIFICATION_TAG, icon: 'icons/icon-192.png', data: { url: scope.registration.scope } });
  return true;
}

/** A click on the notification focuses an open app window, or opens the app. */
export function openAppOnClick(scope: ServiceWorkerGlobalScope): void {
  scope.addEventListener('notificationclick', (event: NotificationEvent) => {
    if (event.notification.tag !== OUTBOX_NOTIFICATION_TAG) return;
    event.notification.close();
    event.waitUntil(
      (async () => {
        const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
        const open = windows[0];
        if (open) await open.focus();
        else await scope.clients.openWindow(scope.registration.scope);
      })(),
    );
  });
}
