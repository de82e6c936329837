/// <reference lib="webworker" />
/**
 * Renewal reminders without the app open (issue 16 §1): on each `periodicsync` with our tag (WICG "Web Periodic
 * Background Synchronization" §5, granted by the browser at most about once a day) the service worker reads the
 * reminder plan the window keeps in the Cache API and shows one notification per deadline whose CA window has
 * begun. The plan is plain JSON written by src/ui/reminders/reminder-plan.ts (the service worker imports no
 * window code); the notification tag is per deadline, so a day's reminder replaces yesterday's.
 */

/** Must equal REMINDER_CACHE / REMINDER_URL / PERIODIC_TAG in src/ui/reminders/reminder-plan.ts (a test checks). */
export const SW_REMINDER_CACHE = 'ukey-reminders';
export const SW_REMINDER_URL = '/__ukey/reminders.json';
export const SW_PERIODIC_TAG = 'ukey-deadlines';

export interface PlannedReminder {
  readonly tag: string;
  readonly from: string;
  readonly until: string;
  readonly title: string;
  readonly body: string;
}

function isPlanned(v: unknown): v is PlannedReminder {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return ['tag', 'from', 'until', 'title', 'body'].every((k) => typeof r[k] === 'string');
}

/** The reminders due at `now`: inside [from, until). Entries of a wrong shape are skipped, never thrown. */
export function dueReminders(plan: unknown, now: Date): PlannedReminder[] {
  if (!Array.isArray(plan)) return [];
  const t = now.getTime();
  return plan.filter(isPlanned).filter((r) => Date.parse(r.from) <= t && t < Date.parse(r.until));
}

interface PeriodicSyncEvent extends ExtendableEvent {
  readonly tag: string;
}

export function installDeadlineReminders(scope: ServiceWorkerGlobalScope): void {
  scope.addEventListener('periodicsync', (event: Event) => {
    const sync = event as PeriodicSyncEvent;
    if (sync.tag !== SW_PERIODIC_TAG) return;
    sync.waitUntil(
      (async () => {
        const cache = await caches.open(SW_REMINDER_CACHE);
        const response = await cache.match(SW_REMINDER_URL);
        const plan: unknown = response ? await response.json().catch(() => null) : null;
        for (const r of dueReminders(plan, new Date())) {
          await scope.registration.showNotification(r.title, { body: r.body, tag: r.tag });
        }
      })(),
    );
  });
}
