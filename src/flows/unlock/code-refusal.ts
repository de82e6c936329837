/**
 * What the CA's refusal of a 解锁授权码 says (a CMP error/PKIStatusInfo with failInfo notAuthorized, RFC 9810
 * §5.2.3, and a free-text statusString). The reference CA writes "还可尝试 N 次 / N attempts left" for a wrong
 * code, "已过期 / expired" and "无效或已用完 / used up"; another CA may say nothing countable, so the count is null then.
 */
export interface CodeRefusal {
  readonly reason: 'wrong' | 'expired' | 'used-up';
  readonly attemptsLeft: number | null;
}

const ATTEMPTS_ZH = /还可尝试\s*(\d{1,3})\s*次/;
const ATTEMPTS_EN = /(\d{1,3})\s+attempts?\s+left/i;

/** Reads a CA statusString; never throws. Unknown wording → 'wrong' with no count (we only know it failed). */
export function readCodeRefusal(statusString: string): CodeRefusal {
  const text = statusString.slice(0, 1000);
  if (/已过期|expired/i.test(text)) return { reason: 'expired', attemptsLeft: 0 };
  if (/已用完|已使用|used up|was used|not valid/i.test(text)) return { reason: 'used-up', attemptsLeft: 0 };
  const count = ATTEMPTS_ZH.exec(text) ?? ATTEMPTS_EN.exec(text);
  return { reason: 'wrong', attemptsLeft: count ? Number(count[1]) : null };
}
