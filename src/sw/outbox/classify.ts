/**
 * What one HTTP attempt means for an outbox entry (issue 10 §3). Pure: the sender passes what fetch gave it.
 * RFC 9811 §3.3: a CMP answer travels as application/pkixcmp; a CA may send a protected CMP error message with
 * a 4xx status, which is an answer for the client to read, not a transport failure.
 */
import type { OutboxError } from './entry';

export const CMP_CONTENT_TYPE = 'application/pkixcmp';

export type AttemptOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** Lower-case header names. */
      readonly headers: Readonly<Record<string, string>>;
      readonly body: ArrayBuffer;
    }
  /** No complete response: DNS/TCP/TLS failure, offline, aborted by the timeout, connection cut mid-body. */
  | { readonly kind: 'network'; readonly detail: string };

export type Verdict =
  | { readonly kind: 'answer' }
  | { readonly kind: 'retry'; readonly error: OutboxError; readonly retryAfterMs: number | null }
  | { readonly kind: 'fail'; readonly error: OutboxError };

/** RFC 9110 §15.5.9 (408), RFC 8470 §5.2 (425), RFC 6585 §4 (429): the request may be repeated as is. */
const RETRYABLE_4XX: ReadonlySet<number> = new Set([408, 425, 429]);

/** RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds. Null when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always names a weekday and GMT (RFC 9110 §5.6.7); Date.parse alone accepts far more.
  if (!/GMT$/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function mediaType(headers: Readonly<Record<string, string>>): string {
  return (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

export function classifyOutcome(outcome: AttemptOutcome, now: number): Verdict {
  if (outcome.kind === 'network') {
    return { kind: 'retry', retryAfterMs: null, error: { code: 'network', status: null, detail: outcome.detail, at: now } };
  }
  const { status, headers } = outcome;
  const isCmp = mediaType(headers) === CMP_CONTENT_TYPE;
  if (status >= 500 || RETRYABLE_4XX.has(status)) {
    return {
      kind: 'retry',
      retryAfterMs: parseRetryAfterMs(headers['retry-after'], now),
      error: { code: 'http-retry', status, detail: `HTTP ${status}`, at: now },
    };
  }
  if (isCmp && (status === 200 || (status >= 400 && status < 500))) return { kind: 'answer' };
  if (status === 200) {
    // A 200 that is not CMP is a captive portal or a proxy's page: the CA has not been reached yet.
    const detail = `HTTP 200 ${mediaType(headers) || 'without a content type'}`;
    return { kind: 'retry', retryAfterMs: null, error: { code: 'not-cmp', status, detail, at: now } };
  }
  const detail = `HTTP ${status} ${mediaType(headers) || 'without a content type'}`;
  return { kind: 'fail', error: { code: 'http-refused', status, detail, at: now } };
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so tabs and devices spread out. */
export function backoffMs(attempts: number, random: number, base: number, max: number): number {
  const step = Math.min(max, base * 2 ** Math.max(0, Math.min(30, attempts - 1)));
  return Math.round(step / 2 + (step / 2) * Math.min(1, Math.max(0, random)));
}
