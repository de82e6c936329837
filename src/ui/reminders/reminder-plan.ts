/**
 * What the service worker needs to remind without this app open (issue 16 §1, Periodic Background Sync, WICG
 * "Web Periodic Background Synchronization"): per deadline, from when to remind until when, and the words.
 * The window writes it to the Cache API under one fixed address whenever the dashboard changes; the worker of
 * the service (src/sw/deadline-reminders.ts) reads it on each `periodicsync` and shows the due ones. Plain
 * JSON: the service worker imports nothing from the window (dependency rule) and no PIN is ever part of it.
 */
import type { CalendarEvent } from './deadline-calendar';

export const REMINDER_CACHE = 'ukey-reminders';
export const REMINDER_URL = '/__ukey/reminders.json';
export const PERIODIC_TAG = 'ukey-deadlines';

export interface ReminderEntry {
  readonly tag: string;
  /** ISO 8601: the start of the CA's renewal window. */
  readonly from: string;
  /** ISO 8601: the last day to act (end of that day). */
  readonly until: string;
  readonly title: string;
  readonly body: string;
}

const DAY_MS = 86_400_000;

export function reminderPlan(events: readonly CalendarEvent[], title: string): ReminderEntry[] {
  return events.map((e) => {
    const windowDays = Math.max(...e.alarmDays, 0);
    return {
      tag: `ukey-due-${e.uid}`,
      from: new Date(e.day.getTime() - windowDays * DAY_MS).toISOString(),
      until: new Date(e.day.getTime() + DAY_MS).toISOString(),
      title,
      body: e.summary,
    };
  });
}

/** Keeps the plan where the service worker finds it; a browser without the Cache API simply has no plan. */
export async function storeReminderPlan(plan: readonly ReminderEntry[]): Promise<void> {
  if (typeof caches === 'undefined') return;
  const cache = await caches.open(REMINDER_CACHE);
  await cache.put(REMINDER_URL, new Response(JSON.stringify(plan), { headers: { 'Content-Type': 'application/json' } }));
}

interface PeriodicSyncManager {
  register(tag: string, options: { minInterval: number }): Promise<void>;
  getTags(): Promise<string[]>;
}

export type PeriodicState = 'registered' | 'unsupported' | 'not-granted';

/**
 * Registers a daily check where the browser grants it (Chromium: an installed app with site engagement). Not
 * granted is normal on a plain tab: the calendar file is the reminder that always works.
 */
export async function registerPeriodicReminder(): Promise<PeriodicState> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return 'unsupported';
  const registration = await navigator.serviceWorker.getRegistration();
  const sync = (registration as (ServiceWorkerRegistration & { periodicSync?: PeriodicSyncManager }) | undefined)?.periodicSync;
  if (!sync) return 'unsupported';
  try {
    const status = await navigator.permissions.query({ name: 'periodic-background-sync' as PermissionName });
    if (status.state !== 'granted') return 'not-granted';
    await sync.register(PERIODIC_TAG, { minInterval: DAY_MS });
    return 'registered';
  } catch {
    return 'not-granted';
  }
}
