/** Helpers to wait for the service worker (src/sw/sw.ts) in E2E tests. */
import type { Page } from 'playwright-core';

/**
 * Waits until the page is controlled by an activated service worker (first load: after clients.claim()).
 * The predicate must be synchronous: waitForFunction counts a returned Promise as truthy.
 */
export async function waitForServiceWorkerControl(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const controller = 'serviceWorker' in navigator ? navigator.serviceWorker.controller : null;
      return controller !== null && controller.state === 'activated';
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
}
