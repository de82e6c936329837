import type { ReachContext } from './reach/contexts';

interface UaData {
  readonly platform?: string;
}

/**
 * The browser context this app runs in, for the reach verdicts (issue 11 §1): an Isolated Web App has its own
 * scheme; an installed PWA runs standalone; otherwise an ordinary page on the OS the browser reports (User-Agent
 * Client Hints platform first, navigator.platform as the fallback).
 */
export function currentReachContext(): ReachContext {
  if (typeof location !== 'undefined' && location.protocol === 'isolated-app:') return 'chromeos-iwa';
  if (typeof matchMedia === 'function' && matchMedia('(display-mode: standalone)').matches) return 'installed-pwa';
  const nav = typeof navigator === 'undefined' ? null : (navigator as Navigator & { userAgentData?: UaData });
  const platform = (nav?.userAgentData?.platform ?? nav?.platform ?? '').toLowerCase();
  if (platform.includes('mac')) return 'page-macos';
  if (platform.includes('linux') || platform.includes('x11') || platform.includes('chrome os')) return 'page-linux';
  return 'page-windows';
}
