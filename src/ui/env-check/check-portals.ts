/**
 * Can this PC reach the portals the clerk signs in to (issue 8 §5 "network/proxy to the portals")? The sites are
 * the ones the user's keys have really signed in to through this app (the worker's sign-in history), so nothing is
 * guessed. A `no-cors` request answers with an opaque response when the site is reachable and rejects with a
 * TypeError when the network, a proxy or DNS stops it (Fetch §4.3): that difference is all we need, and no data of
 * the site is read.
 */
import type { EnvProbe } from './environment';
import { result, type CheckResult } from './types';

export async function checkPortals(env: EnvProbe, origins: readonly string[]): Promise<CheckResult> {
  if (!env.isOnline) {
    return result('portals', 'unchecked', 'proxy-exceptions', '未检查：当前离线。', 'Not checked: offline.');
  }
  if (origins.length === 0) {
    return result(
      'portals',
      'unchecked',
      'proxy-exceptions',
      '未检查：还没有用 UKEY 通过本应用登录过网站，不知道要检查哪些网站。',
      'Not checked: no site has signed in with a key through this app yet, so there is nothing to check.',
    );
  }
  const reached = await Promise.all(origins.map(async (origin) => ({ origin, ok: await env.reachSite(origin) })));
  const failed = reached.filter((r) => !r.ok).map((r) => r.origin);
  if (failed.length === 0) {
    return result('portals', 'pass', 'proxy-exceptions', `能连上登录过的网站（${origins.length} 个）。`, `The sites you signed in to are reachable (${origins.length}).`);
  }
  return result(
    'portals',
    'fail',
    'proxy-exceptions',
    `连不上这些登录过的网站：${failed.join('、')}。可能是网络断开、代理设置拦截，或网站暂时不可用；请按指南检查代理例外。`,
    `Cannot reach these sites you signed in to: ${failed.join(', ')}. The network may be down, a proxy may block them, or the site may be down; see the guide to check proxy exceptions.`,
  );
}
