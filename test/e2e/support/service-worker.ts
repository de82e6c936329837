/** Helpers to wait for the service worker (src/sw/sw.ts) in E2E tests. */
import type { Page } from 'playwright-core';

/** Waits until the page is controlled by an activated service worker (first load: after clients.claim()). */
export async function waitForServiceWorkerControl(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    async () => {
      if (!('serviceWorker' in navigator)) return false;
      const registration = await navigator.serviceWorker.getRegistration();
      return registration?.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
    },
    undefined,
    { timeout: timeoutMs, polling: 200 },
  );
}
