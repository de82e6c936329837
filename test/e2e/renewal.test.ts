/**
 * Renewal in Chromium (issue 10 §2, §6): the demo token and the reference CA as a process
 * (`ca serve --demo --app-origin <app>`). Renew 9A online; then renew with the CA down — the request is kept
 * and the screen says so (no "don't unplug" anywhere) — start the CA again and continue: delivered, installed.
 * Every CMP message goes through the service worker's outbox (issue 15 §3: the app's only transfer); Continue
 * hands the request over again, which sends it at once instead of waiting out the network-error backoff.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchBrowser, openDemo, saveScreenshot, startCaProcess, startPreviewServer, type CaProcess, type LaunchedBrowser, type PreviewServer } from './support';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;
let caPort: number;
const caDir = mkdtempSync(join(tmpdir(), 'ukey-e2e-ca-'));

let ca: CaProcess | null = null;

async function startCa(origin: string): Promise<void> {
  ca = await startCaProcess(caDir, caPort, origin);
}

async function stopCa(): Promise<void> {
  const running = ca;
  ca = null;
  await running?.stop();
}

beforeAll(async () => {
  server = await startPreviewServer(process.env.E2E_DIST_DIR ? { distDir: process.env.E2E_DIST_DIR } : {});
  caPort = await freePort();
  await startCa(new URL(server.url).origin);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  tokenId = await openDemo(page, server.url);
}, 180_000);

afterAll(async () => {
  await stopCa();
  await browser?.close();
  await server?.close();
  rmSync(caDir, { recursive: true, force: true });
});

async function go(hash: string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
}

const renewHash = (keyRef = '9a') => `#/token/${encodeURIComponent(tokenId)}/renew/${keyRef}`;
const step = () => page.locator('[data-testid="renewal-progress"]').getAttribute('data-step');


/** The CA address is under 技术详情, never a field on the renewal screen (issue 16 §2); only the demo UKEY's local
 * reference CA can be pointed at this test's port there. */
async function pointDemoAtCa(page: Page, url: string): Promise<void> {
  const field = page.locator('[data-testid="renewal-ca-url"]');
  expect(await field.isVisible()).toBe(false);
  await page.locator('[data-testid="renewal-tech"] > summary').click();
  await field.fill(url);
}
describe('renewal screen with the demo token and a local CA', () => {
  it('renews 9A online: window rule in words, progress, done', async () => {
    await go(renewHash());
    const windowText = page.locator('[data-testid="renewal-window"]');
    await windowText.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await windowText.getAttribute('data-kind')).toBe('early');
    expect(await windowText.textContent()).toContain('提前更新');
    await pointDemoAtCa(page, `http://127.0.0.1:${caPort}/.well-known/cmp`);
    await page.locator('[data-testid="renewal-pin"]').fill('123456');
    await page.locator('[data-testid="renewal-run"]').click();
    await page.locator('[data-testid="renewal-done"]').waitFor({ state: 'visible', timeout: 120_000 });
    expect(await step()).toBe('done');
    expect(await page.locator('[data-testid="renewal-progress"] [role="status"]').textContent()).toMatch(/^第 \d+ 步，共 \d+ 步：完成$/);
    // The PIN field is emptied after the run; nothing tells the user not to unplug.
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/不要拔|请勿拔|don.t unplug/i);
    await saveScreenshot(page, 'renewal-done-zh');
  });

  it('with the CA down the request is kept and said so; with the CA back, Continue delivers and installs (9C)', async () => {
    await stopCa();
    // The signature key 9C (RSA-2048, PIN always) this time.
    await go(renewHash('9c'));
    await page.locator('[data-testid="renewal-window"]').waitFor({ state: 'visible', timeout: 60_000 });
    await pointDemoAtCa(page, `http://127.0.0.1:${caPort}/.well-known/cmp`);
    await page.locator('[data-testid="renewal-pin"]').fill('123456');
    await page.locator('[data-testid="renewal-run"]').click();
    await page.locator('[data-testid="renewal-waiting-network"]').waitFor({ state: 'visible', timeout: 120_000 });
    expect(await step()).toBe('request-built');
    expect(await page.locator('[data-testid="renewal-run"]').textContent()).toBe('继续');
    await saveScreenshot(page, 'renewal-queued-zh');
    expect(await page.locator('[data-testid="renewal-waiting-network"]').getAttribute('data-kind')).toBe('ca-unreachable');
    // The key's card on 我的 UKEY says the request is queued, and why: the CA is down while the PC is online …
    await go('#/');
    const queued = page.locator(`article.token-card[data-token-id="${tokenId}"] [data-testid="renewal-queued"]`);
    await queued.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await queued.getAttribute('data-kind')).toBe('ca-unreachable');
    expect(await queued.textContent()).toContain('延期申请已排队，等待 CA 答复');
    expect(await queued.textContent()).toContain('CA 暂时无法访问');
    await saveScreenshot(page, 'renewal-queued-card-zh');
    // … and "电脑离线" when the computer is offline.
    await page.context().setOffline(true);
    await page.waitForFunction(() => document.querySelector('[data-testid="renewal-queued"]')?.getAttribute('data-kind') === 'offline', undefined, { timeout: 30_000 });
    expect(await queued.textContent()).toContain('电脑离线');
    await page.context().setOffline(false);
    await page.waitForFunction(() => document.querySelector('[data-testid="renewal-queued"]')?.getAttribute('data-kind') === 'ca-unreachable', undefined, { timeout: 30_000 });
    await startCa(new URL(server.url).origin);
    await go(renewHash('9c'));
    await page.locator('[data-testid="renewal-pin"]').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('[data-testid="renewal-pin"]').fill('123456');
    await page.locator('[data-testid="renewal-run"]').click();
    await page.locator('[data-testid="renewal-done"]').waitFor({ state: 'visible', timeout: 120_000 });
    expect(await step()).toBe('done');
  });
});
