/** The real FixDependencies for the window. */
import { checkForServiceWorkerUpdate, SW_MESSAGE } from '../../sw';
import type { FixDependencies } from './fixes';

async function updateApp(): Promise<void> {
  await checkForServiceWorkerUpdate();
  const registration = await navigator.serviceWorker?.getRegistration();
  const waiting = registration?.waiting;
  if (!waiting) return;
  // Reload once the new version controls the page (the SW skips waiting only when asked).
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  waiting.postMessage({ type: SW_MESSAGE.SKIP_WAITING });
}

export function browserFixes(): FixDependencies {
  return {
    requestPersist: async () => (navigator.storage?.persist ? navigator.storage.persist() : false),
    openPairing: () => {
      window.location.hash = '#/pair';
    },
    updateApp,
    reload: () => window.location.reload(),
  };
}
