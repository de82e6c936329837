/**
 * Deadline reminders without the app open (issue 16 §1), as far as headless Chromium goes. Proven here, in the
 * built app and its real service worker: (1) where the browser grants "periodic-background-sync" (granted through
 * the DevTools protocol, as Chromium grants it to an installed app with engagement), the dashboard registers the
 * daily check (WICG Periodic Background Sync §4 register) and says so; (2) the reminder plan the window keeps in
 * the Cache API names the demo key's deadline; (3) a `periodicsync` event with our tag — dispatched through the
 * DevTools protocol (ServiceWorker.dispatchPeriodicSyncEvent), as Chromium's scheduler would — makes the service
 * worker show one notification per due deadline; (4) without the grant nothing is registered. Not proven: when
 * Chromium's own scheduler would fire the event (engagement and install decide it), and that the operating system
 * displays the notification (headless: read back with registration.getNotifications()).
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openDemo, startPreviewServer, waitForServiceWorkerControl, type LaunchedBrowser, type PreviewServer } from './support';

const TAG = 'ukey-deadlines';
let server: PreviewServer;

beforeAll(async () => {
  server = await startPreviewServer();
});
afterAll(async () => {
  await server?.close();
});

async function openDashboard(browser: LaunchedBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await waitForServiceWorkerControl(page);
  await openDemo(page, server.url);
  await page.locator('[data-testid="ics-download"]').waitFor({ state: 'visible', timeout: 30_000 });
  return page;
}

/** The service worker's registration id as DevTools knows it (needed to dispatch events to it). */
async function registrationId(cdp: CDPSession, scopeUrl: string): Promise<string> {
  const found = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> }) => {
      const r = e.registrations.find((x) => x.scopeURL === scopeUrl && !x.isDeleted);
      if (r) resolve(r.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return found;
}

describe('Periodic Background Sync where the browser grants it', () => {
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    const origin = server.url.replace(/\/$/, '');
    await browser.context.grantPermissions(['notifications'], { origin });
    // Playwright's context is a browser context of its own: the grant must name it, or it goes to the default one.
    const cdp = await browser.browser!.newBrowserCDPSession();
    const blank = await browser.context.newPage();
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ type: string; browserContextId?: string }> };
    const browserContextId = targetInfos.find((t) => t.type === 'page')?.browserContextId;
    await cdp.send('Browser.setPermission', { permission: { name: 'periodic-background-sync' }, setting: 'granted', origin, browserContextId });
    await blank.close();
    page = await openDashboard(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the dashboard registers the daily check and says so', async () => {
    await page.locator('[data-testid="periodic-on"]').waitFor({ state: 'visible', timeout: 30_000 });
    const tags = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return (reg as ServiceWorkerRegistration & { periodicSync: { getTags(): Promise<string[]> } }).periodicSync.getTags();
    });
    expect(tags).toEqual([TAG]);
  });

  it('the plan in the Cache API names the demo key\'s deadline, from the start of the CA window', async () => {
    const plan = await page.evaluate(async () => {
      const response = await (await caches.open('ukey-reminders')).match('/__ukey/reminders.json');
      return response ? ((await response.json()) as Array<{ tag: string; from: string; until: string; title: string; body: string }>) : [];
    });
    expect(plan.length).toBeGreaterThan(0);
    expect(plan[0]!.body).toContain('UKEY 证书延期截止');
    expect(Date.parse(plan[0]!.from)).toBeLessThan(Date.parse(plan[0]!.until));
  });

  it('a periodicsync with our tag shows one notification per due deadline, from the service worker', async () => {
    const cdp = await page.context().newCDPSession(page);
    const id = await registrationId(cdp, server.url);
    await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', { origin: server.url.replace(/\/$/, ''), registrationId: id, tag: TAG });
    const read = () =>
      page.evaluate(async () => {
        const reg = await navigator.serviceWorker.ready;
        return (await reg.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag }));
      });
    await expect.poll(async () => (await read()).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const shown = await read();
    expect(shown[0]!.body).toContain('UKEY 证书延期截止');
    expect(shown[0]!.tag).toMatch(/^ukey-due-/);
    // Firing again replaces the day's reminder (same tag per deadline), never piles them up.
    const before = shown.length;
    await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', { origin: server.url.replace(/\/$/, ''), registrationId: id, tag: TAG });
    await page.evaluate(() => navigator.serviceWorker.ready);
    expect((await read()).length).toBe(before);
  });
});

describe('without the grant (a plain tab)', () => {
  it('nothing is registered and the dashboard does not claim it; the calendar file is still offered', async () => {
    const browser = await launchBrowser();
    try {
      const page = await openDashboard(browser);
      await page.waitForFunction(async () => (await (await caches.open('ukey-reminders')).match('/__ukey/reminders.json')) !== undefined, undefined, { timeout: 30_000 });
      const state = await page.evaluate(async () => {
        const permission = await navigator.permissions.query({ name: 'periodic-background-sync' as PermissionName });
        const reg = await navigator.serviceWorker.ready;
        const tags = await (reg as ServiceWorkerRegistration & { periodicSync: { getTags(): Promise<string[]> } }).periodicSync.getTags();
        return { permission: permission.state, tags };
      });
      expect(state.permission).not.toBe('granted');
      expect(state.tags).toEqual([]);
      expect(await page.locator('[data-testid="periodic-on"]').count()).toBe(0);
      expect(await page.locator('[data-testid="ics-download"]').isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
