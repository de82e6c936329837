/**
 * A fixed-window request limit per client key, enough for a reference portal on one instance.
 * Windows live in a Map in the order they opened (a key that opens a new window moves to the end), so the
 * expired ones are always at the head: each `take` drops those and stops at the first live one — amortised O(1)
 * (issue 14 §4), where a full scan per new window made a flood of distinct addresses quadratic.
 */

export interface RateLimitOptions {
  readonly limit: number;
  readonly windowMs: number;
}

/** allowed, or refused; `firstRefusal` marks the first refusal of a window, the one burst worth an audit line. */
export interface RateVerdict {
  readonly allowed: boolean;
  readonly firstRefusal: boolean;
}

export class FixedWindowRateLimit {
  private readonly windows = new Map<string, { readonly start: number; count: number }>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Counts the request against `key`'s window. */
  take(key: string, now = Date.now()): RateVerdict {
    this.dropExpired(now);
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.options.windowMs) {
      this.windows.delete(key);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    const allowed = window.count <= this.options.limit;
    return { allowed, firstRefusal: window.count === this.options.limit + 1 };
  }

  /** Windows held (for tests). */
  get size(): number {
    return this.windows.size;
  }

  private dropExpired(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.start < this.options.windowMs) return;
      this.windows.delete(key);
    }
  }
}
