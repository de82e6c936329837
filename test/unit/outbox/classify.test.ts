// What one HTTP attempt means (issue 10 §3): retried (network, 5xx, 408, 425, 429 + Retry-After), a stored answer
// (CMP 200, or a protected CMP error with 4xx), or a visible failure (another 4xx). Retry-After property-tested.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffMs, classifyOutcome, parseRetryAfterMs, type AttemptOutcome } from '../../../src/sw/outbox/classify';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const response = (status: number, headers: Record<string, string> = {}): AttemptOutcome => ({ kind: 'response', status, headers, body: new ArrayBuffer(3) });

describe('classifyOutcome', () => {
  it('retries network errors, 5xx, 408, 425 and 429', () => {
    expect(classifyOutcome({ kind: 'network', detail: 'TypeError: Failed to fetch' }, NOW)).toMatchObject({ kind: 'retry', error: { code: 'network', status: null } });
    for (const status of [500, 502, 503, 504, 408, 425, 429]) {
      expect(classifyOutcome(response(status), NOW)).toMatchObject({ kind: 'retry', error: { code: 'http-retry', status } });
    }
    // Workbox's replayRequests counted a 500 as delivered: a 500 even with a CMP type is not an answer here.
    expect(classifyOutcome(response(500, { 'content-type': 'application/pkixcmp' }), NOW).kind).toBe('retry');
  });

  it('honours Retry-After in seconds and as an HTTP-date', () => {
    expect(classifyOutcome(response(429, { 'retry-after': '120' }), NOW)).toMatchObject({ kind: 'retry', retryAfterMs: 120_000 });
    const date = new Date(NOW + 90_000).toUTCString();
    expect(classifyOutcome(response(503, { 'retry-after': date }), NOW)).toMatchObject({ kind: 'retry', retryAfterMs: 90_000 });
    expect(classifyOutcome(response(503, { 'retry-after': 'soon' }), NOW)).toMatchObject({ kind: 'retry', retryAfterMs: null });
  });

  it('stores a CMP answer with 200, and a protected CMP error sent with a 4xx', () => {
    expect(classifyOutcome(response(200, { 'content-type': 'application/pkixcmp' }), NOW).kind).toBe('answer');
    expect(classifyOutcome(response(400, { 'content-type': 'Application/PKIXCMP; charset=binary' }), NOW).kind).toBe('answer');
  });

  it('ends other 4xx as failed with the reason, and retries a 200 that is not CMP (captive portal)', () => {
    expect(classifyOutcome(response(404, { 'content-type': 'text/html' }), NOW)).toMatchObject({ kind: 'fail', error: { code: 'http-refused', status: 404, detail: 'HTTP 404 text/html' } });
    expect(classifyOutcome(response(415), NOW)).toMatchObject({ kind: 'fail', error: { status: 415 } });
    expect(classifyOutcome(response(200, { 'content-type': 'text/html' }), NOW)).toMatchObject({ kind: 'retry', error: { code: 'not-cmp' } });
  });
});

describe('parseRetryAfterMs (fast-check, 10,000 runs)', () => {
  it('never throws; answers null or a non-negative whole delay', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.nat().map(String), fc.date({ noInvalidDate: true }).map((d) => d.toUTCString())), (text) => {
        const ms = parseRetryAfterMs(text, NOW);
        expect(ms === null || (Number.isFinite(ms) && ms >= 0)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('reads delay-seconds exactly', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 9 }), (s) => parseRetryAfterMs(` ${s} `, NOW) === s * 1000), { numRuns: 10_000 });
  });
});

describe('backoffMs', () => {
  it('grows exponentially, stays within [step/2, step] and under the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempts, random) => {
        const step = Math.min(60_000, 1_000 * 2 ** Math.min(30, attempts - 1));
        const delay = backoffMs(attempts, random, 1_000, 60_000);
        return delay >= Math.floor(step / 2) && delay <= step;
      }),
      { numRuns: 10_000 },
    );
    expect(backoffMs(1, 1, 1_000, 60_000)).toBe(1_000);
    expect(backoffMs(4, 1, 1_000, 60_000)).toBe(8_000);
    expect(backoffMs(40, 1, 1_000, 60_000)).toBe(60_000);
  });
});
