/**
 * Issue 16 "Done when", §2 after a renewal: the done screen says the new expiry date, and 我的 UKEY shows the new
 * certificate without 重新读取 — in zh-CN and en at 1280×800 and 390×844 (the demo key's 9D renewed once, with the
 * reference CA as a process on a free port; then the finished screens are checked in each language and size),
 * axe clean, no sideways scroll, no word broken at 390 px, screenshots in /tmp/ukey-shots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchBrowser, openDemo, setLanguage, startCaProcess, startPreviewServer, waitForServiceWorkerControl, type AppLang, type CaProcess, type LaunchedBrowser, type PreviewServer } from './support';
import { CLEAN, LANGS, SIZES, VIEWPORT, checkScreen } from './support/matrix';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;
let ca: CaProcess;
let newDate: string;
const caDir = mkdtempSync(join(tmpdir(), 'ukey-e2e-ca-matrix-'));
const renewHash = () => `#/token/${encodeURIComponent(tokenId)}/renew/9d`;

const DONE: Readonly<Record<AppLang, RegExp>> = { 'zh-CN': /有效期至 (\d{4}-\d{2}-\d{2})/, en: /valid until (\d{4}-\d{2}-\d{2})/i };

beforeAll(async () => {
  server = await startPreviewServer();
  const caPort = await freePort();
  ca = await startCaProcess(caDir, caPort, new URL(server.url).origin);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(server.url);
  await waitForServiceWorkerControl(page);
  tokenId = await openDemo(page, server.url);
  await page.evaluate((h) => void (location.hash = h), renewHash());
  await page.locator('#renew-title').waitFor({ state: 'visible', timeout: 60_000 });
  // Only the demo key's local reference CA can be moved, under 技术详情 (issue 16 §2).
  await page.locator('[data-testid="renewal-tech"] > summary').click();
  await page.locator('[data-testid="renewal-ca-url"]').fill(`http://127.0.0.1:${caPort}/.well-known/cmp`);
  await page.locator('[data-testid="renewal-pin"]').fill('123456');
  await page.locator('[data-testid="renewal-run"]').click();
  await page.locator('[data-testid="renewal-new-expiry"]').waitFor({ state: 'visible', timeout: 120_000 });
  newDate = DONE['zh-CN'].exec(await page.locator('[data-testid="renewal-new-expiry"]').innerText())?.[1] ?? '';
}, 240_000);

afterAll(async () => {
  await ca?.stop();
  await browser?.close();
  await server?.close();
  rmSync(caDir, { recursive: true, force: true });
});

it('the renewed certificate runs about a year, not the old 10 days', () => {
  expect(Date.parse(newDate)).toBeGreaterThan(Date.now() + 300 * 86_400_000);
});

for (const lang of LANGS) {
  describe(`after the renewal, ${lang}`, () => {
    beforeAll(async () => {
      await setLanguage(page, lang);
    });
    for (const size of SIZES) {
      it(`the done screen names the new expiry date (${size})`, async () => {
        await page.setViewportSize(VIEWPORT[size]);
        await page.evaluate((h) => void (location.hash = h), renewHash());
        const expiry = page.locator('[data-testid="renewal-new-expiry"]');
        await expiry.waitFor({ state: 'visible', timeout: 60_000 });
        expect(DONE[lang].exec(await expiry.innerText())?.[1]).toBe(newDate);
        expect(await page.locator('main').innerText()).not.toMatch(/不要拔|请勿拔|don.t unplug/i);
        expect(await checkScreen(page, 'renewal-done', lang, size)).toEqual(CLEAN);
      });

      it(`我的 UKEY shows the new certificate, no 去延期 for it (${size})`, async () => {
        await page.setViewportSize(VIEWPORT[size]);
        await page.evaluate(() => void (location.hash = '#/'));
        const card = page.locator(`article.token-card[data-token-id="${tokenId}"]`);
        await expect.poll(() => card.locator('[data-key-ref="9D"] .badge').innerText(), { timeout: 30_000 }).toContain(newDate);
        expect(await card.locator('[data-testid="renew-button"]').count()).toBe(0);
        expect(await checkScreen(page, 'dashboard-after-renewal', lang, size)).toEqual(CLEAN);
      });
    }
  });
}
