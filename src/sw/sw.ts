/// <reference lib="webworker" />
/**
 * The service worker (issue 4 §2): precaches the app shell, the guides and the lazy chunks (driver worker,
 * PKI, virtual token) listed by vite-plugin-pwa in `self.__WB_MANIFEST`, and answers every navigation with
 * the cached index.html so the app opens offline. A new version waits until the page asks (SKIP_WAITING)
 * — the user chooses when to reload, never mid-PIN-entry.
 */
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { APP_VERSION } from './build-info';
import { withFrameGuard } from './frame-guard';
import { SW_MESSAGE, type SwVersionReply } from './messages';
import { installDeadlineReminders } from './deadline-reminders';
import { installOutbox } from './outbox';

type PrecacheEntry = string | { url: string; revision: string | null };
declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: PrecacheEntry[] };

// Every page served from the cache says it cannot be framed (issue 14 §4), whatever headers it was stored with.
addPlugins([{ cachedResponseWillBeUsed: ({ cachedResponse }) => Promise.resolve(cachedResponse ? withFrameGuard(cachedResponse) : cachedResponse) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Hash routes (#/pair, #/token/…) all load index.html; any other same-origin navigation does too, offline.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

// The CA outbox (issue 10 §3): queued CMP requests delivered exactly once, with its own triggers.
installOutbox(self);

// Renewal reminders from the window's plan, where the browser grants Periodic Background Sync (issue 16 §1).
installDeadlineReminders(self);

// A first install controls the open page at once (nothing older to wait for); updates still wait.
clientsClaim();

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const type = (event.data as { type?: unknown } | null)?.type;
  if (type === SW_MESSAGE.GET_VERSION) {
    const reply: SwVersionReply = { type: 'VERSION', version: APP_VERSION };
    const port = event.ports[0];
    if (port) port.postMessage(reply);
    else (event.source as Client | null)?.postMessage(reply);
  } else if (type === SW_MESSAGE.SKIP_WAITING) {
    void self.skipWaiting();
  }
});
