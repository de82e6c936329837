/**
 * Periodic Background Sync reminders (issue 16 §1): the window's plan and the service worker's reading of it
 * agree on where it lives, and only deadlines whose CA window has begun (and not passed) notify.
 */
import { describe, expect, it } from 'vitest';
import { SW_PERIODIC_TAG, SW_REMINDER_CACHE, SW_REMINDER_URL, dueReminders } from '../../../src/sw/deadline-reminders';
import { PERIODIC_TAG, REMINDER_CACHE, REMINDER_URL, reminderPlan } from '../../../src/ui/reminders/reminder-plan';

const DAY = 86_400_000;

describe('reminders without the app open', () => {
  it('window and service worker name the same cache, address and sync tag', () => {
    expect([SW_REMINDER_CACHE, SW_REMINDER_URL, SW_PERIODIC_TAG]).toEqual([REMINDER_CACHE, REMINDER_URL, PERIODIC_TAG]);
  });

  it('notifies from the start of the CA window until the end of the deadline day, and not before or after', () => {
    const day = new Date('2027-01-20T00:00:00Z');
    const plan = JSON.parse(JSON.stringify(reminderPlan([{ uid: 'k1', day, summary: '延期截止：社保', description: '', alarmDays: [30, 7] }], 'UKEY 证书需要延期'))) as unknown;
    expect(dueReminders(plan, new Date(day.getTime() - 31 * DAY))).toEqual([]);
    expect(dueReminders(plan, new Date(day.getTime() - 29 * DAY)).map((r) => r.body)).toEqual(['延期截止：社保']);
    expect(dueReminders(plan, new Date(day.getTime() + 0.5 * DAY))).toHaveLength(1);
    expect(dueReminders(plan, new Date(day.getTime() + 2 * DAY))).toEqual([]);
  });

  it('a damaged plan notifies nothing and throws nothing', () => {
    for (const bad of [null, 'x', {}, [{ tag: 1 }], [null]]) expect(dueReminders(bad, new Date())).toEqual([]);
  });
});
