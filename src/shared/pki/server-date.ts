/**
 * A server's time from its HTTP answer: Date is when the origin generated the message (RFC 9110 §6.6.1); a cache
 * that serves it later adds Age, the seconds since then (RFC 9111 §5.1). So the time at receipt is Date + Age.
 * Used by the environment check and the worker alike, so both judge the clock on the same reference.
 */

/** Age is delta-seconds (RFC 9111 §1.2.2): digits only; an invalid value is ignored like an absent one. */
function ageSeconds(age: string | null): number {
  const text = age?.trim() ?? '';
  if (!/^\d+$/.test(text)) return 0;
  // §1.2.2: a value too large to hold is taken as 2^31.
  return Math.min(Number(text), 2 ** 31);
}

/** The server's time when the answer arrived, or null without a usable Date header. */
export function serverDateFromHeaders(date: string | null, age: string | null): Date | null {
  const at = date === null ? Number.NaN : Date.parse(date);
  if (Number.isNaN(at)) return null;
  return new Date(at + ageSeconds(age) * 1000);
}
