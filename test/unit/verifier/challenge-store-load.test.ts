/**
 * Regression (security review M5, issue 14 §4): MemoryChallengeStore swept the whole map on every save, so n
 * challenges cost n²/2 entry visits (80,000 took 40 s), and it had no size cap. Work is counted as Map iterator
 * steps (any Map the store walks), never timed; the clock is Vitest's fake one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChallengeStoreFullError, issueChallenge, MemoryChallengeStore, TOMBSTONE_MS } from '../../../src/servers/verifier';

const TTL = 120_000;

/** Counts `next()` calls on every Map iterator created while `body` runs. */
function countMapSteps(body: () => Promise<void>): Promise<number> {
  const proto = Map.prototype as unknown as Record<PropertyKey, (...args: unknown[]) => Iterator<unknown>>;
  const names: PropertyKey[] = [Symbol.iterator, 'entries', 'keys', 'values'];
  const originals = names.map((name) => proto[name]!);
  let steps = 0;
  names.forEach((name, k) => {
    const original = originals[k]!;
    proto[name] = function (this: Map<unknown, unknown>, ...args: unknown[]) {
      const inner = original.apply(this, args);
      const counted: IterableIterator<unknown> = {
        next: () => {
          steps++;
          return inner.next();
        },
        [Symbol.iterator]() {
          return counted;
        },
      };
      return counted;
    };
  });
  return body().then(
    () => steps,
    (error: unknown) => Promise.reject(error),
  ).finally(() => names.forEach((name, k) => (proto[name] = originals[k]!)));
}

async function fill(store: MemoryChallengeStore, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i++) await store.save(`c${i}`, { sessionId: 's', expiresAt: Date.now() + TTL }, TTL);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-06T08:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('MemoryChallengeStore under load', () => {
  it('saves n live challenges with O(n) total work, not one full scan per save', async () => {
    const n = 4000;
    const store = new MemoryChallengeStore({ maxEntries: 10_000 });
    const steps = await countMapSteps(() => fill(store, n));
    // The old sweep visited 0 + 1 + … + (n − 1) ≈ 8,000,000 entries here.
    expect(steps).toBeLessThanOrEqual(3 * n);
    expect(store.size).toBe(n);
  });

  it('drops expired entries as new ones arrive, each once (amortised O(1) per save)', async () => {
    const store = new MemoryChallengeStore({ maxEntries: 10_000 });
    await fill(store, 3000);
    vi.advanceTimersByTime(TTL + TOMBSTONE_MS + 1);
    const steps = await countMapSteps(() => fill(store, 3000, 3000));
    expect(store.size).toBe(3000); // the first 3,000 are gone, the new ones all kept
    expect(steps).toBeLessThanOrEqual(3 * 6000);
    expect(await store.consume('c10', 's', Date.now())).toBe('unknown');
    expect(await store.consume('c3010', 's', Date.now())).toBe('ok');
  });

  it('refuses a challenge over the cap with ChallengeStoreFullError and keeps the ones it holds', async () => {
    const store = new MemoryChallengeStore({ maxEntries: 100 });
    await fill(store, 100);
    const refused = store.save('one-too-many', { sessionId: 's', expiresAt: Date.now() + TTL }, TTL);
    await expect(refused).rejects.toBeInstanceOf(ChallengeStoreFullError);
    await expect(refused).rejects.toMatchObject({ code: 'CHALLENGE_STORE_FULL' });
    expect(store.size).toBe(100);
    expect(await store.consume('c0', 's', Date.now())).toBe('ok');
    expect(await store.consume('c0', 's', Date.now())).toBe('reused'); // a used one stays a tombstone, still counted
    await expect(issueChallenge(store, { sessionId: 's' })).rejects.toBeInstanceOf(ChallengeStoreFullError);
    // Once the oldest have lived out their time, there is room again.
    vi.advanceTimersByTime(TTL + TOMBSTONE_MS + 1);
    await expect(issueChallenge(store, { sessionId: 's' })).resolves.toMatchObject({ challenge: expect.any(String) });
    expect(store.size).toBe(1);
  });

  it('has a default cap, so a flood ends in a typed refusal rather than an out-of-memory', async () => {
    const store = new MemoryChallengeStore();
    expect(store.maxEntries).toBeGreaterThanOrEqual(10_000);
    expect(store.maxEntries).toBeLessThanOrEqual(1_000_000);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => new MemoryChallengeStore({ maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => new MemoryChallengeStore({ maxEntries: 1.5 })).toThrow(/maxEntries/);
  });
});
