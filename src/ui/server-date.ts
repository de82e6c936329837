/**
 * Our own origin's HTTP Date header, for the clock evidence: the env check's probe, loaded lazily (it is
 * the environment-check screen's chunk, not the first-load bundle). Null when offline or too slow.
 */
const SERVER_DATE_TIMEOUT_MS = 3000;

export async function fetchServerDate(): Promise<Date | null> {
  if (typeof navigator !== 'undefined' && !navigator.onLine) return null;
  const { browserEnvironment } = await import('../env-check/browser-environment');
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), SERVER_DATE_TIMEOUT_MS));
  const time = await Promise.race([browserEnvironment().fetchServerTime(), timeout]);
  return time === null ? null : new Date(time);
}
