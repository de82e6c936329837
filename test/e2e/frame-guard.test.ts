/**
 * /sign cannot be framed (issue 14 §4) in Chromium, on the built app: the page from the network and the same page
 * from the service worker's cache (offline reload) both carry `frame-ancestors 'none'`, and a page of another
 * origin that frames /sign gets nothing of the app into its frame.
 */
import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchBrowser, startPreviewServer, waitForServiceWorkerControl, type LaunchedBrowser, type PreviewServer } from './support';

let app: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let framer: Server;
let framerUrl = '';

const FRAME_ANCESTORS_NONE = /(^|[;,]\s*)frame-ancestors 'none'/;

beforeAll(async () => {
  app = await startPreviewServer();
  browser = await launchBrowser({ persistent: true });
  page = await browser.context.newPage();
  // Another origin (localhost vs 127.0.0.1: a different host is a different origin, RFC 6454 §4).
  const port = await freePort();
  const signUrl = `${app.url}sign?demo=1`;
  framer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>framer</title><iframe id="victim" src="${signUrl}" width="600" height="400"></iframe>`);
  });
  await new Promise<void>((resolve) => framer.listen(port, 'localhost', resolve));
  framerUrl = `http://localhost:${port}/`;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await new Promise<void>((resolve) => (framer ? framer.close(() => resolve()) : resolve()));
});

describe('/sign cannot be framed', () => {
  it('carries frame-ancestors none from the network, before any service worker', async () => {
    const direct = await fetch(`${app.url}sign?demo=1`);
    expect(direct.status).toBe(200);
    expect(direct.headers.get('content-security-policy')).toMatch(FRAME_ANCESTORS_NONE);
    expect(direct.headers.get('x-frame-options')).toBe('DENY');
    const first = await page.goto(`${app.url}sign?demo=1`);
    expect(first?.fromServiceWorker()).toBe(false);
    expect(first?.headers()['content-security-policy']).toMatch(FRAME_ANCESTORS_NONE);
  });

  it('carries it when the service worker serves /sign from its cache (offline reload)', async () => {
    await page.goto(app.url);
    await waitForServiceWorkerControl(page);
    await browser.context.setOffline(true);
    try {
      const cached = await page.goto(`${app.url}sign?demo=1`);
      expect(cached?.fromServiceWorker()).toBe(true);
      expect(cached?.status()).toBe(200);
      expect(cached?.headers()['content-security-policy']).toMatch(FRAME_ANCESTORS_NONE);
      expect(cached?.headers()['x-frame-options']).toBe('DENY');
      // The page itself still works offline: the sign screen's root is there.
      await page.locator('#app, #root, main').first().waitFor({ state: 'attached', timeout: 30_000 });
    } finally {
      await browser.context.setOffline(false);
    }
  });

  it('a page of another origin that frames /sign gets an empty, blocked frame', async () => {
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/frame-ancestors|Refused to (display|frame)/i.test(message.text())) blocked.push(message.text());
    });
    await page.goto(framerUrl);
    await page.locator('#victim').waitFor({ state: 'attached' });
    await expect.poll(() => blocked.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    // Chromium replaces a refused frame with its error page: no document of the app's origin is in it.
    expect(frame!.url().startsWith(app.url)).toBe(false);
    const appInFrame = await frame!.evaluate(() => document.querySelector('script[type="module"][src*="assets/"]') !== null).catch(() => false);
    expect(appInFrame).toBe(false);
  });
});
