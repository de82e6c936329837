/**
 * Before a renewal is handed to the outbox, the page must be controlled by the service worker: only it writes
 * the outbox (sw/client/transport.ts), and a request from an uncontrolled page bypasses it. On the first visit the
 * service worker installs and then claims the open page (sw.ts, Clients.claim(), Service Workers §4.3.3), so
 * the renewal waits for that instead of being refused with OutboxUnavailableError.
 */

/** Resolves true once a service worker controls this page, false when none does within `timeoutMs` (or none exists). */
export async function serviceWorkerControl(timeoutMs = 30_000): Promise<boolean> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return false;
  const container = navigator.serviceWorker;
  if (container.controller) return true;
  // No registration at all (e.g. blocked by the browser): nothing will ever take control.
  if (!(await container.getRegistration())) return false;
  return new Promise<boolean>((resolve) => {
    const done = (controlled: boolean): void => {
      clearTimeout(timer);
      container.removeEventListener('controllerchange', changed);
      resolve(controlled);
    };
    const changed = (): void => done(container.controller !== null);
    const timer = setTimeout(() => done(container.controller !== null), timeoutMs);
    container.addEventListener('controllerchange', changed);
    // controllerchange may have fired between the first check and the listener.
    if (container.controller) done(true);
  });
}
