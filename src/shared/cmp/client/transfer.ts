/**
 * One HTTP exchange of a CMP message (RFC 9811 §3) classified for a retrying sender (issue 10 §3): a CMP
 * response to act on, a transient failure to retry later (network error, 5xx, 408, 429 with Retry-After), or a
 * permanent failure. A response is only ever a 200 with application/pkixcmp: RFC 9811 §3.3 makes 200 the only
 * success, and a proxy's error page is not the CA's answer.
 */
export type TransferResult =
  | { readonly kind: 'response'; readonly der: Uint8Array }
  | { readonly kind: 'retry'; readonly status: number | null; readonly retryAfterSeconds: number | null; readonly reason: string }
  | { readonly kind: 'failed'; readonly status: number; readonly reason: string };

export const CMP_MEDIA_TYPE = 'application/pkixcmp';

/** RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

const RETRY_STATUSES = new Set([408, 425, 429]);

export async function postCmpMessage(
  url: string,
  der: Uint8Array,
  options: { fetch?: typeof fetch; transactionIdHex?: string; signal?: AbortSignal } = {},
): Promise<TransferResult> {
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        'content-type': CMP_MEDIA_TYPE,
        // Draft idempotency-key header: lets proxies and the CA see the retry; the CA keys on the CMP content anyway.
        ...(options.transactionIdHex ? { 'idempotency-key': `"${options.transactionIdHex}"` } : {}),
      },
      body: der.slice(),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    return { kind: 'retry', status: null, retryAfterSeconds: null, reason: error instanceof Error ? error.message : String(error) };
  }
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  if (response.status >= 500 || RETRY_STATUSES.has(response.status)) {
    await response.body?.cancel();
    return { kind: 'retry', status: response.status, retryAfterSeconds: retryAfter, reason: `HTTP ${response.status}` };
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (response.status !== 200 || type !== CMP_MEDIA_TYPE) {
    await response.body?.cancel();
    return { kind: 'failed', status: response.status, reason: `HTTP ${response.status} ${type || 'without a type'}` };
  }
  try {
    return { kind: 'response', der: new Uint8Array(await response.arrayBuffer()) };
  } catch (error) {
    // The connection broke mid-body: the message may have been processed; the CA replays it on retry.
    return { kind: 'retry', status: 200, retryAfterSeconds: null, reason: error instanceof Error ? error.message : String(error) };
  }
}
