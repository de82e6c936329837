/**
 * Regression (review M5 "challenge and session stores can be flooded", issue 14 §4): the portal's SessionTable
 * swept every session on every create — each cookie-less POST /ukey/challenge — so n sessions cost n²/2 visits,
 * without a cap. Work is counted as Map iterator steps, never timed; the clock is Vitest's fake one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SESSION_COOKIE, SessionTable, SessionTableFullError } from '../../src/servers/portal/sessions';

const IDLE_MS = 30 * 60_000;

function countMapSteps<T>(body: () => T): { steps: number; value: T } {
  const proto = Map.prototype as unknown as Record<PropertyKey, (...args: unknown[]) => Iterator<unknown>>;
  const names: PropertyKey[] = [Symbol.iterator, 'entries', 'keys', 'values'];
  const originals = names.map((name) => proto[name]!);
  let steps = 0;
  names.forEach((name, k) => {
    proto[name] = function (this: Map<unknown, unknown>, ...args: unknown[]) {
      const inner = originals[k]!.apply(this, args);
      const counted: IterableIterator<unknown> = { next: () => (steps++, inner.next()), [Symbol.iterator]: () => counted };
      return counted;
    };
  });
  try {
    const value = body();
    return { steps, value };
  } finally {
    names.forEach((name, k) => (proto[name] = originals[k]!));
  }
}

const cookie = (id: string): string => `${SESSION_COOKIE}=${id}`;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-06T08:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('portal sessions under load', () => {
  it('creates n sessions with O(n) total work', () => {
    const table = new SessionTable({ maxSessions: 10_000 });
    const { steps } = countMapSteps(() => {
      for (let i = 0; i < 4000; i++) table.create();
    });
    expect(steps).toBeLessThanOrEqual(3 * 4000); // the old sweep: ≈ 8,000,000
    expect(table.size).toBe(4000);
  });

  it('drops idle sessions oldest-first; a session in use moves to the back and stays', () => {
    const table = new SessionTable({ maxSessions: 10_000 });
    const first = table.create();
    for (let i = 0; i < 999; i++) table.create();
    vi.advanceTimersByTime(IDLE_MS - 1000);
    expect(table.find(cookie(first.id))?.id).toBe(first.id); // seen again: not idle
    vi.advanceTimersByTime(2000);
    const { steps } = countMapSteps(() => table.create());
    expect(table.size).toBe(2); // the 999 idle ones went; first (seen 2 s ago) and the new one stay
    expect(steps).toBeLessThanOrEqual(1002);
    expect(table.find(cookie(first.id))?.id).toBe(first.id);
  });

  it('refuses a session over the cap with SessionTableFullError, and has room again once sessions go idle', () => {
    const table = new SessionTable({ maxSessions: 50 });
    for (let i = 0; i < 50; i++) table.create();
    expect(() => table.create()).toThrow(SessionTableFullError);
    vi.advanceTimersByTime(IDLE_MS + 1);
    expect(table.create().id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(table.size).toBe(1);
  });

  it('has a default cap', () => {
    expect(new SessionTable().maxSessions).toBeGreaterThanOrEqual(10_000);
  });
});
