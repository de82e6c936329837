/**
 * Registers the service worker from the window (called once by src/ui/main.tsx) and reports a waiting
 * update. The worker is an ES module (vite-plugin-pwa injectManifest output), so it is registered with
 * `{ type: 'module' }` (TOOLING.md).
 */
import { Workbox } from 'workbox-window';

export const SERVICE_WORKER_URL = `${import.meta.env.BASE_URL}sw.js`;

let current: Workbox | null = null;

/**
 * Registers `sw.js`. When a new version is installed and waiting, calls `onUpdateWaiting(apply)`; calling
 * `apply()` activates it and reloads the page once the new worker controls it. Does nothing in dev (no SW
 * is built) or where service workers are missing. Resolves with the registration, or null.
 */
export async function registerServiceWorker(
  onUpdateWaiting: (apply: () => void) => void,
): Promise<ServiceWorkerRegistration | null> {
  if (import.meta.env.DEV || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
  const wb = new Workbox(SERVICE_WORKER_URL, { type: 'module' });
  current = wb;
  wb.addEventListener('waiting', () => {
    onUpdateWaiting(() => {
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    });
  });
  try {
    return (await wb.register()) ?? null;
  } catch (error) {
    // The environment check reports a missing service worker with its guide; the console note is for developers.
    if (import.meta.env.DEV) console.warn('service worker registration failed', error);
    return null;
  }
}

/** Asks the browser to look for a new version now (the env check's "update the app" fix). */
export async function checkForServiceWorkerUpdate(): Promise<void> {
  if (current) {
    await current.update();
    return;
  }
  const registration = await navigator.serviceWorker?.getRegistration();
  await registration?.update();
}
