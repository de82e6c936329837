/**
 * System clock sanity. "Certificate not yet valid or expired" is often a wrong PC clock (DESIGN.md §2), and
 * the app judges validity offline by this clock. The rule and tolerance are pki's (issue 7 §1 "one clock rule"):
 * the build time proves a clock behind; our own server's Date (corrected by Age — the EnvProbe's
 * fetchServerTime must use pki's serverDateFromHeaders) proves either direction.
 */
import { assessClock, CLOCK_TOLERANCE_MS } from '../../shared/pki';
import type { EnvProbe } from './environment';
import { result, type CheckResult } from './types';

/** Re-exported for callers of env-check; the one constant lives in pki/clock.ts. */
export { CLOCK_TOLERANCE_MS };

function formatOffset(ms: number): { zh: string; en: string } {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const hours = Math.round(minutes / 60);
  const days = Math.round(hours / 24);
  if (days >= 2) return { zh: `${days} 天`, en: `${days} days` };
  if (hours >= 2) return { zh: `${hours} 小时`, en: `${hours} hours` };
  return { zh: `${minutes} 分钟`, en: `${minutes} minutes` };
}

const validDate = (ms: number): Date | undefined => (Number.isFinite(ms) ? new Date(ms) : undefined);

export async function checkClock(env: EnvProbe): Promise<CheckResult> {
  const now = new Date(env.now());
  const buildTime = validDate(env.buildTime === null ? Number.NaN : Date.parse(env.buildTime));
  const fromBuild = assessClock({ now, ...(buildTime ? { buildTime } : {}) });
  if (fromBuild.suspect && buildTime) {
    const date = buildTime.toISOString().slice(0, 10);
    return result(
      'clock',
      'fail',
      'clock-wrong',
      `电脑时间早于本应用的发布日期（${date}），时间肯定不对。请校准系统时间，否则证书会被误判为"尚未生效"或"已过期"。`,
      `The computer's clock is earlier than this app's build date (${date}), so it is wrong. Set the system time, or certificates will wrongly show as "not yet valid" or "expired".`,
    );
  }
  const server = env.isOnline ? await env.fetchServerTime().catch(() => null) : null;
  const serverDate = server === null ? undefined : validDate(server);
  if (serverDate === undefined) {
    return result(
      'clock',
      'unchecked',
      'clock-wrong',
      '未能与服务器对时（离线，或服务器没有回答）。只确认了电脑时间不早于本应用的发布日期；联网后再检查一次。',
      'Could not compare with a server (offline, or no answer). Only checked that the clock is not earlier than the build date (it cannot be compared with a server while offline); check again once online.',
    );
  }
  const fromServer = assessClock({ now, serverDate, ...(buildTime ? { buildTime } : {}) });
  if (fromServer.suspect) {
    const amount = formatOffset(fromServer.skewMs);
    const ahead = fromServer.direction === 'ahead';
    return result(
      'clock',
      'fail',
      'clock-wrong',
      `电脑时间比服务器${ahead ? '快' : '慢'}了约 ${amount.zh}。请校准系统时间，否则证书状态会判断错误。`,
      `The computer's clock is about ${amount.en} ${ahead ? 'ahead' : 'behind'} of the server. Set the system time, or certificate status will be judged wrongly.`,
    );
  }
  return result('clock', 'pass', 'clock-wrong', '系统时间与服务器一致。', "The computer's clock matches the server.");
}
