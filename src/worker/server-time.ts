/**
 * Our own origin's HTTP Date, fetched by the worker itself (issue 7 §5): the strongest clock evidence, since it
 * can prove the clock wrong in either direction. A cached answer's Date is older than now by its Age
 * (RFC 9111 §5.1), so Age is added. Null when offline, slow, or the header is missing.
 */
import { serverDateFromHeaders } from '../shared/pki';
import type { ServerTime } from './clock-evidence';

const SERVER_TIME_TIMEOUT_MS = 3000;

export function serverTimeFromHeaders(date: string | null, age: string | null, receivedAt: Date): ServerTime | null {
  const at = serverDateFromHeaders(date, age);
  return at === null ? null : { date: at.toISOString(), receivedAt: receivedAt.toISOString() };
}

export async function fetchServerTime(origin: string, fetchFn: typeof fetch = (...args) => fetch(...args)): Promise<ServerTime | null> {
  if (typeof navigator !== 'undefined' && !navigator.onLine) return null;
  try {
    const response = await fetchFn(new URL('/', origin).href, { method: 'HEAD', cache: 'no-store', signal: AbortSignal.timeout(SERVER_TIME_TIMEOUT_MS) });
    return serverTimeFromHeaders(response.headers.get('Date'), response.headers.get('Age'), new Date());
  } catch {
    return null;
  }
}
