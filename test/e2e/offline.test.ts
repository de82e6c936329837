/**
 * Offline (issue 4 §4): load once with the demo token, go offline, reload. The service worker serves the
 * app; the dashboard shows the cached token marked as cached; the guides open and search Chinese text;
 * the environment check says we are offline.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openDemo,
  saveScreenshot,
  startPreviewServer,
  waitForServiceWorkerControl,
  type LaunchedBrowser,
  type PreviewServer,
} from './support';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  tokenId = await openDemo(page, server.url);
  await waitForServiceWorkerControl(page);
  await browser.context.setOffline(true);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('offline', () => {
  it('a reload while offline shows the dashboard with the cached demo token, marked as cached', async () => {
    await page.goto(`${server.url}#/`);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    const card = page.locator(`article.token-card[data-token-id="${tokenId}"]`);
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    await card.locator('.cert-list li').first().waitFor({ state: 'visible' });
    // Marked in words as not read live (issue 8 §3: "未插入 · 显示上次读取的信息").
    await expect.poll(() => card.locator('[data-testid="plug-state"]').getAttribute('class')).toContain('out');
    await expect.poll(() => page.locator('[data-testid="network-status"]').getAttribute('class')).toContain('offline');
    await saveScreenshot(page, 'offline-dashboard');
  });

  it('a guide opens by its address while offline', async () => {
    await page.goto(`${server.url}#/guides/clock-wrong`);
    const heading = page.locator('.guide-detail h2, .guide-detail h1').first();
    await heading.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await heading.textContent()).toContain('时间');
  });

  it('guide search finds a Chinese query offline', async () => {
    await page.goto(`${server.url}#/guides`);
    const input = page.getByRole('searchbox');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    const links = page.locator('nav.guide-nav a');
    const all = await links.count();
    await input.fill('电脑时间');
    await expect.poll(async () => links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toContain('#/guides/clock-wrong');
    expect(await links.count()).toBeLessThan(all);
    await saveScreenshot(page, 'offline-guide-search');
  });

  it('the environment check reports offline and a working service worker', async () => {
    await page.goto(`${server.url}#/env`);
    const online = page.locator('[data-check-id="online"]');
    await online.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await online.getAttribute('data-status')).toBe('warn');
    expect(await online.textContent()).toContain('离线');
    expect(await page.locator('[data-check-id="service-worker"]').getAttribute('data-status')).toBe('pass');
    expect(await page.locator('[data-check-id="indexeddb"]').getAttribute('data-status')).toBe('pass');
    await saveScreenshot(page, 'offline-env-check');
  });
});
