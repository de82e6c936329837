/**
 * After a renewal (issue 16 §2; UX walk finding 2): the done screen says the new expiry date as the key reports
 * it, and 我的 UKEY shows the new certificate without a manual 重新读取. The demo key and the reference CA as a
 * process, as in renewal.test.ts; the 9D encryption certificate (10 days left) is renewed. zh-CN, 1280×800 and
 * 390×844, axe clean.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, freePort, launchBrowser, openDemo, saveScreen, startCaProcess, startPreviewServer, waitForServiceWorkerControl, type CaProcess, type LaunchedBrowser, type PreviewServer } from './support';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;
let ca: CaProcess | null = null;
const caDir = mkdtempSync(join(tmpdir(), 'ukey-e2e-renew-done-'));

beforeAll(async () => {
  server = await startPreviewServer();
  const caPort = await freePort();
  ca = await startCaProcess(caDir, caPort, new URL(server.url).origin);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  // Renewal requests go through the service worker's outbox: the page must be one the worker controls.
  await page.goto(server.url);
  await waitForServiceWorkerControl(page);
  tokenId = await openDemo(page, server.url);
  (globalThis as { __caPort?: number }).__caPort = caPort;
}, 180_000);

afterAll(async () => {
  await ca?.stop();
  await browser?.close();
  await server?.close();
  rmSync(caDir, { recursive: true, force: true });
});


/** The CA address is under 技术详情, never a field on the renewal screen (issue 16 §2); only the demo UKEY's local
 * reference CA can be pointed at this test's port there. */
async function pointDemoAtCa(page: Page, url: string): Promise<void> {
  const field = page.locator('[data-testid="renewal-ca-url"]');
  expect(await field.isVisible()).toBe(false);
  await page.locator('[data-testid="renewal-tech"] > summary').click();
  await field.fill(url);
}
describe('a finished renewal shows', () => {
  it('the new expiry on the done screen and on 我的 UKEY, without 重新读取', async () => {
    const card = page.locator(`article.token-card[data-token-id="${tokenId}"]`);
    expect(await card.locator('[data-key-ref="9D"] .badge').textContent()).toMatch(/天后过期/);
    await page.evaluate((h) => void (location.hash = h), `#/token/${encodeURIComponent(tokenId)}/renew/9d`);
    const title = page.locator('#renew-title');
    await title.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await title.textContent()).toMatch(/^证书延期：演示 UKEY · 加密（\d{4}-\d{2}-\d{2} 到期）$/);
    await pointDemoAtCa(page, `http://127.0.0.1:${(globalThis as { __caPort?: number }).__caPort}/.well-known/cmp`);
    await page.locator('[data-testid="renewal-pin"]').fill('123456');
    await page.locator('[data-testid="renewal-run"]').click();
    await page.locator('[data-testid="renewal-done"]').waitFor({ state: 'visible', timeout: 120_000 });
    const expiry = page.locator('[data-testid="renewal-new-expiry"]');
    await expiry.waitFor({ state: 'visible', timeout: 60_000 });
    const date = /有效期至 (\d{4}-\d{2}-\d{2})/.exec((await expiry.textContent()) ?? '')?.[1];
    expect(date).toBeDefined();
    expect(Date.parse(date!)).toBeGreaterThan(Date.now() + 300 * 86_400_000); // a year, not the old 10 days
    await saveScreen(page, 'zh-CN', 'desk', 'renewal-done');
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.evaluate(() => void (location.hash = '#/'));
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => card.locator('[data-key-ref="9D"] .badge').textContent(), { timeout: 30_000 }).toContain(date!);
    expect(await card.locator('[data-testid="renew-button"]').count()).toBe(0);
    await page.setViewportSize(PHONE);
    await saveScreen(page, 'zh-CN', 'phone', 'dashboard-after-renewal');
  });
});
