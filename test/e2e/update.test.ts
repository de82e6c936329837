/**
 * The update path (issue 4 §2): a new service worker installs and WAITS (no skipWaiting on install); the
 * page shows "有新版本 — 重新加载"; only the user's click activates it (SKIP_WAITING) and reloads the page.
 * The new version is simulated by serving a copy of dist/ whose sw.js carries another version string.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  launchBrowser,
  REPO_ROOT,
  startPreviewServer,
  waitForServiceWorkerControl,
  type LaunchedBrowser,
  type PreviewServer,
} from './support';

const NEXT_VERSION = '9.9.9+20990101T000000Z';
let copy: string;
let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;

function controllerVersion(p: Page): Promise<unknown> {
  return p.evaluate(
    () =>
      new Promise<unknown>((resolve) => {
        const controller = navigator.serviceWorker.controller;
        if (!controller) return resolve(null);
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => resolve((event.data as { version?: unknown }).version);
        controller.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
        setTimeout(() => resolve(null), 3_000);
      }),
  );
}

beforeAll(async () => {
  ensureBuilt();
  copy = mkdtempSync(join(tmpdir(), 'ukey-e2e-dist-'));
  cpSync(join(REPO_ROOT, 'dist'), copy, { recursive: true });
  server = await startPreviewServer({ distDir: copy });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(`${server.url}#/`);
  await waitForServiceWorkerControl(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('update prompt', () => {
  it('a new version waits for the user, then the prompt activates it and reloads', async () => {
    const before = await controllerVersion(page);
    expect(before).toMatch(/^\d+\.\d+\.\d+\+\d{8}T\d{6}Z$/);
    const swPath = join(copy, 'sw.js');
    const source = readFileSync(swPath, 'utf8');
    expect(source).toContain(String(before));
    writeFileSync(swPath, source.split(String(before)).join(NEXT_VERSION));

    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    const reload = page.locator('.update-prompt__reload');
    await reload.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('.update-prompt').textContent()).toContain('有新版本');
    // Installed but waiting: the page is still served by the old version.
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(true);
    expect(await controllerVersion(page)).toBe(before);

    await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), reload.click()]);
    await waitForServiceWorkerControl(page);
    await expect.poll(() => controllerVersion(page), { timeout: 15_000 }).toBe(NEXT_VERSION);
    expect(await page.locator('.update-prompt__reload').count()).toBe(0);
  });
});
