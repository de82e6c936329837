/** Checks of the app's own footing: network, storage persistence, service worker, IndexedDB. */
import type { EnvProbe } from './environment';
import { result, type CheckResult } from './types';

export function checkOnline(env: EnvProbe): CheckResult {
  return env.isOnline
    ? result('online', 'pass', 'proxy-exceptions', '已联网。', 'Online.')
    : result(
        'online',
        'warn',
        'proxy-exceptions',
        '当前离线：UKEY、缓存的证书状态和指南仍可使用；需要联网的业务（如证书更新）请联网后再办。',
        'Offline: tokens, cached certificate status and the guides still work; tasks that need the network (such as renewal) wait until you are online.',
      );
}

/** Without persistence the browser may evict cached certificates and labels under storage pressure. */
export async function checkStoragePersistence(env: EnvProbe): Promise<CheckResult> {
  const persisted = await env.storagePersisted();
  if (persisted === null) {
    return result('storage-persistence', 'warn', 'storage-problem', '浏览器不支持持久存储查询。', 'The browser cannot report storage persistence.');
  }
  return persisted
    ? result('storage-persistence', 'pass', 'storage-problem', '本地数据已设为持久保存。', 'Local data is stored persistently.')
    : result(
        'storage-persistence',
        'warn',
        'storage-problem',
        '本地数据未设为持久保存，磁盘空间紧张时浏览器可能清除 UKEY 标签和缓存的证书。',
        'Local data is not persistent: when disk space runs low the browser may clear token labels and cached certificates.',
        'request-persistent-storage',
      );
}

export async function checkServiceWorker(env: EnvProbe): Promise<CheckResult> {
  const sw = await env.serviceWorkerState();
  if (!sw.supported) {
    return result('service-worker', 'fail', 'app-update', '浏览器不支持 Service Worker，无法离线使用。', 'The browser has no service workers; the app cannot work offline.');
  }
  if (sw.updateWaiting) {
    return result('service-worker', 'warn', 'app-update', '有新版本等待启用。', 'A new version is waiting.', 'update-app');
  }
  if (!sw.controlled) {
    return result(
      'service-worker',
      'warn',
      'app-update',
      '离线功能尚未启用（首次打开后重新加载即可）。',
      'Offline use is not active yet (reload once after the first visit).',
      'reload',
    );
  }
  const version = sw.version ?? '?';
  // "0.1.0+20261206T081452Z" reads in Chinese as "0.1.0（2026-12-06 构建）": no raw build stamp in a sentence.
  return result('service-worker', 'pass', 'app-update', `离线功能已启用，版本 ${zhVersion(version)}。`, `Offline use is active, version ${version}.`);
}

export async function checkIndexedDb(env: EnvProbe): Promise<CheckResult> {
  try {
    await env.probeIndexedDb();
    return result('indexeddb', 'pass', 'storage-problem', '本地数据库可用。', 'The local database works.');
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    return result(
      'indexeddb',
      'fail',
      'storage-problem',
      `本地数据库不可用（${name}），UKEY 标签和缓存无法保存。无痕模式或存储被禁用时会这样。`,
      `The local database is unusable (${name}); labels and cached data cannot be kept. Private windows or blocked storage do this.`,
      'reload',
    );
  }
}

/** A build version for a Chinese sentence: the build stamp after "+" (YYYYMMDDTHHMMSSZ) becomes its date. */
export function zhVersion(version: string): string {
  const m = /^([^+]+)\+(\d{4})(\d{2})(\d{2})T\d{6}Z$/.exec(version);
  return m ? `${m[1]}（${m[2]}-${m[3]}-${m[4]} 构建）` : version.replace(/\+.*$/, '');
}
