/**
 * What the PIN page offers (issue 16 §2), on a fresh demo key: the "change the default PIN" banner goes when the
 * PIN is blocked; an unregistered key sees the CA's own unlock route (hotline, 解锁授权码), not online unlock;
 * after a PIN is verified the app offers online-unlock registration. zh-CN and en, 1280×800 and 390×844, axe.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK, PHONE, launchBrowser, openDemo, saveScreen, setLanguage, startPreviewServer, tokenHash, type AppLang, type LaunchedBrowser, type PreviewServer } from './support';

let server: PreviewServer;

beforeAll(async () => {
  server = await startPreviewServer();
});
afterAll(async () => {
  await server?.close();
});

async function axeSerious(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

for (const lang of ['zh-CN', 'en'] as const satisfies readonly AppLang[]) {
  describe(`PIN page offers (${lang})`, () => {
    let browser: LaunchedBrowser;
    let page: Page;
    let tokenId: string;
    const size = lang === 'zh-CN' ? 'desk' : 'phone';

    beforeAll(async () => {
      browser = await launchBrowser({ lang: lang === 'en' ? 'en-US' : 'zh-CN' });
      page = await browser.context.newPage();
      await page.setViewportSize(lang === 'zh-CN' ? DESK : PHONE);
      tokenId = await openDemo(page, server.url);
      await setLanguage(page, lang);
      await page.evaluate((h) => void (location.hash = h), tokenHash(tokenId, true));
      await page.locator('[data-testid="verify-form"]').waitFor({ state: 'visible', timeout: 30_000 });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('after a verified PIN, offers to register for online unlock', async () => {
      await page.locator('#verify-pin').fill('123456');
      await page.locator('[data-testid="verify-form"] button[type="submit"]').click();
      await page.locator('[data-testid="verify-ok"]').waitFor({ state: 'visible', timeout: 20_000 });
      const offer = page.locator('[data-testid="register-offer"]');
      await offer.waitFor({ state: 'visible', timeout: 20_000 });
      expect(await offer.getByRole('link').getAttribute('href')).toBe(`${tokenHash(tokenId)}/unlock`);
      expect(await page.locator('[data-testid="default-pin-warning"]').count()).toBe(1); // factory PIN: banner shown
      await saveScreen(page, lang, size, 'pin-register-offer');
      expect(await axeSerious(page)).toEqual([]);
    });

    it('a blocked PIN hides the default-PIN banner and shows the CA route, without online unlock for an unregistered key', async () => {
      for (let i = 0; i < 3; i++) {
        const lastTry = page.locator('#verify-last-try');
        await page.locator('#verify-pin').fill('000000');
        if (await lastTry.count()) await lastTry.check();
        await page.locator('[data-testid="verify-form"] button[type="submit"]').click();
        await page.waitForTimeout(400);
      }
      await page.locator('[data-testid="pin-blocked"]').waitFor({ state: 'visible', timeout: 20_000 });
      await page.locator('[data-testid="ca-unlock"]').waitFor({ state: 'visible' });
      await page.waitForTimeout(500);
      expect(await page.locator('[data-testid="default-pin-warning"]').count()).toBe(0);
      expect(await page.locator('[data-testid="online-unlock-link"]').count()).toBe(0);
      expect(await page.locator('[data-testid="ca-unlock"]').textContent()).toMatch(lang === 'zh-CN' ? /解锁授权码|解锁码/ : /unlock code/i);
      await saveScreen(page, lang, size, 'pin-blocked-unregistered');
      expect(await axeSerious(page)).toEqual([]);
    });
  });
}
