/**
 * System clock sanity. "Certificate not yet valid or expired" is often a wrong PC clock (DESIGN.md §2), and
 * the app judges validity offline by this clock. Two references: the build time (a clock earlier than it is
 * certainly wrong) and, when online, the `Date` header of our own server.
 */
import type { EnvProbe } from './environment';
import { result, type CheckResult } from './types';

/** Clocks within this of the server count as right (HTTP Date has 1 s resolution; networks add delay). */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

function formatOffset(ms: number): { zh: string; en: string } {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const hours = Math.round(minutes / 60);
  const days = Math.round(hours / 24);
  if (days >= 2) return { zh: `${days} 天`, en: `${days} days` };
  if (hours >= 2) return { zh: `${hours} 小时`, en: `${hours} hours` };
  return { zh: `${minutes} 分钟`, en: `${minutes} minutes` };
}

export async function checkClock(env: EnvProbe): Promise<CheckResult> {
  const now = env.now();
  const built = env.buildTime === null ? Number.NaN : Date.parse(env.buildTime);
  if (Number.isFinite(built) && now < built - CLOCK_TOLERANCE_MS) {
    const date = new Date(built).toISOString().slice(0, 10);
    return result(
      'clock',
      'fail',
      'clock-wrong',
      `电脑时间早于本应用的发布日期（${date}），时间肯定不对。请校准系统时间，否则证书会被误判为"尚未生效"或"已过期"。`,
      `The computer's clock is earlier than this app's build date (${date}), so it is wrong. Set the system time, or certificates will wrongly show as "not yet valid" or "expired".`,
    );
  }
  const server = env.isOnline ? await env.fetchServerTime().catch(() => null) : null;
  if (server === null) {
    return result(
      'clock',
      'pass',
      'clock-wrong',
      '系统时间不早于发布日期（离线时无法与服务器对时）。',
      'The clock is not earlier than the build date (it cannot be compared with a server while offline).',
    );
  }
  const offset = now - server;
  if (Math.abs(offset) > CLOCK_TOLERANCE_MS) {
    const amount = formatOffset(offset);
    const zhWay = offset > 0 ? '快' : '慢';
    const enWay = offset > 0 ? 'ahead' : 'behind';
    return result(
      'clock',
      'fail',
      'clock-wrong',
      `电脑时间比服务器${zhWay}了约 ${amount.zh}。请校准系统时间，否则证书状态会判断错误。`,
      `The computer's clock is about ${amount.en} ${enWay} of the server. Set the system time, or certificate status will be judged wrongly.`,
    );
  }
  return result('clock', 'pass', 'clock-wrong', '系统时间与服务器一致。', "The computer's clock matches the server.");
}
