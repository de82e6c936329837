/**
 * Guides and layout (issue 8 §6), in both languages: the list grouped by job; an exact portal message finds its
 * one guide; on a phone the article is its own view with a way back; focus moves to the new screen's heading
 * and the nav marks the right item; the phone header fits its two rows; the empty dashboard explains itself.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreen, setLanguage, startPreviewServer, DESK, PHONE, type AppLang, type LaunchedBrowser, type PreviewServer } from './support';

let server: PreviewServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const GROUPS = { 'zh-CN': ['登录问题', 'PIN', '证书到期', 'UKEY 识别', '浏览器'], en: ['Logging in', 'PIN', 'Certificate expiry', 'UKEY not recognised', 'Browser'] } as const;
const MESSAGE = { 'zh-CN': '证书尚未生效或已过期', en: '证书尚未生效或已过期' } as const;

for (const lang of ['zh-CN', 'en'] as const satisfies readonly AppLang[]) {
  describe(`guides and layout (${lang})`, () => {
    let page: Page;

    beforeAll(async () => {
      page = await browser.context.newPage();
      await page.setViewportSize(DESK);
      await page.goto(`${server.url}#/`);
      await setLanguage(page, lang);
    });

    afterAll(async () => {
      await page.close();
    });

    it('the empty dashboard says what the app does, links to which keys work here and offers the demo (§1)', async () => {
      const empty = page.locator('[data-testid="dashboard-empty"]');
      await empty.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await empty.locator('a[href="#/pair"]').count()).toBe(1);
      expect(await empty.locator('[data-testid="empty-demo"]').count()).toBe(1);
      await saveScreen(page, lang, 'desk', 'dashboard-empty');
      await page.setViewportSize(PHONE);
      await saveScreen(page, lang, 'phone', 'dashboard-empty');
      await page.setViewportSize(DESK);
    });

    it('lists the guides grouped by job', async () => {
      await page.evaluate(() => { location.hash = '#/guides'; });
      await page.locator('.guide-group__title').first().waitFor({ state: 'visible', timeout: 30_000 });
      const titles = await page.locator('.guide-group__title').allTextContents();
      for (const group of GROUPS[lang]) expect(titles).toContain(group);
    });

    it('moves focus to the new screen’s heading and marks the right nav item', async () => {
      await page.evaluate(() => { location.hash = '#/env'; });
      await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 }).toBe('env-check-heading');
      expect(await page.locator('header nav a[aria-current="page"]').getAttribute('href')).toBe('#/env');
    });

    it('an exact portal message finds its one guide', async () => {
      await page.evaluate(() => { location.hash = '#/guides'; });
      await page.getByRole('searchbox').fill(MESSAGE[lang]);
      await expect.poll(() => page.locator('nav.guide-nav a').count()).toBe(1);
      expect(await page.locator('nav.guide-nav a').getAttribute('href')).toBe('#/guides/clock-wrong');
    });

    it('on a phone the article is its own view with a way back to the list', async () => {
      await page.setViewportSize(PHONE);
      await page.getByRole('searchbox').fill('');
      await page.locator('nav.guide-nav a[href="#/guides/pin-locked"]').click();
      await page.locator('[data-testid="guide-back"]').waitFor({ state: 'visible' });
      expect(await page.locator('nav.guide-nav').isVisible()).toBe(false);
      const top = await page.locator('.guide-detail').boundingBox();
      expect(top?.y ?? 9999).toBeLessThan(900); // the article, not 3000 px of list, comes after the header
      await saveScreen(page, lang, 'phone', 'guide-article');
      await page.locator('[data-testid="guide-back"]').click();
      await page.locator('nav.guide-nav').waitFor({ state: 'visible' });
      const header = await page.locator('header.app-header').boundingBox();
      expect(header?.height ?? 999).toBeLessThan(110); // brand + language on one row, the nav on one row
      await page.setViewportSize(DESK);
    });
  });
}
