/**
 * A token bucket for the unauthenticated unlock requests (security review M4): `burst` at once, then `perMinute`.
 * In memory, per CA process: a flood costs the attacker the bucket, not our database; several instances each
 * hold their own bucket, which multiplies the limit by the instance count — stated in the README.
 */
export interface RateLimit {
  readonly burst: number;
  readonly perMinute: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Takes one token; false when none is left. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 60_000) * this.limit.perMinute);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Seconds until the next token. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(((1 - this.tokens) * 60) / this.limit.perMinute));
  }
}
