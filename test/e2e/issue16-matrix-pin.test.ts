/**
 * Issue 16 "Done when", §2 on the PIN page: registration for online unlock is offered once the PIN is known (a
 * verify); which secret failed is said with that secret's tries ("PUK 不正确，还剩 2 次"); a blocked PIN hides
 * the "change the default PIN" banner and shows the CA's own route, without online unlock for an unregistered key.
 * zh-CN and en at 1280×800 and 390×844 — a fresh demo key for each — axe clean, no sideways scroll, no word
 * broken at 390 px, screenshots in /tmp/ukey-shots/. Demo key: PIN 123456, PUK 12345678, 3 tries each.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openDemo, setLanguage, startPreviewServer, tokenHash, type AppLang, type LaunchedBrowser, type PreviewServer } from './support';
import { CLEAN, LANGS, SIZES, VIEWPORT, checkScreen } from './support/matrix';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;

const TEXT: Readonly<Record<AppLang, { tries: (n: number) => string; wrongPuk: string; caRoute: RegExp }>> = {
  'zh-CN': { tries: (n) => `PIN 剩余尝试次数：${n}`, wrongPuk: 'PUK 不正确，还剩 2 次', caRoute: /解锁授权码/ },
  en: { tries: (n) => `PIN tries left: ${n}`, wrongPuk: 'The PUK is wrong, 2 tries left', caRoute: /unlock code/i },
};

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const tries = () => page.locator('[data-testid="pin-tries"]').innerText();

for (const lang of LANGS) {
  for (const size of SIZES) {
    describe(`PIN page, ${lang}, ${size}`, () => {
      const text = TEXT[lang];
      beforeAll(async () => {
        await page.setViewportSize(VIEWPORT[size]);
        const tokenId = await openDemo(page, server.url); // a fresh demo card: factory PIN, 3 tries
        await setLanguage(page, lang);
        await page.evaluate((h) => void (location.hash = h), tokenHash(tokenId, true));
        await page.locator('[data-testid="verify-form"]').waitFor({ state: 'visible', timeout: 30_000 });
      }, 120_000);

      it('a verified PIN brings the offer to register for online unlock', async () => {
        await page.locator('#verify-pin').fill('123456');
        await page.locator('[data-testid="verify-form"] button[type="submit"]').click();
        await page.locator('[data-testid="register-offer"]').waitFor({ state: 'visible', timeout: 20_000 });
        expect(await checkScreen(page, 'pin-verified', lang, size)).toEqual(CLEAN);
      });

      it('a wrong PUK is named as the PUK, with the PUK\'s tries; the PIN count is untouched', async () => {
        await page.locator('[data-testid="forgot-pin"]').click();
        await page.locator('[data-testid="forgot-have-puk"]').click();
        const form = page.locator('[data-testid="unblock-form"]');
        await form.waitFor({ state: 'visible' });
        await form.locator('#unblock-puk').fill('87654321');
        await form.locator('#unblock-new').fill('Ne4Pin12');
        await form.locator('#unblock-confirm').fill('Ne4Pin12');
        await form.locator('button[type="submit"]').click();
        const panel = page.locator('[data-testid="puk-error"]');
        await panel.waitFor({ state: 'visible', timeout: 20_000 });
        expect(await panel.innerText()).toContain(text.wrongPuk);
        expect(await tries()).toContain(text.tries(3));
        expect(await checkScreen(page, 'pin-puk-wrong', lang, size)).toEqual(CLEAN);
      });

      it('a blocked PIN hides the default-PIN banner and shows the CA route, no online unlock for an unregistered key', async () => {
        for (const left of [2, 1, 0]) {
          await page.locator('#verify-pin').fill('000000');
          const lastTry = page.locator('#verify-last-try');
          if (await lastTry.count()) await lastTry.check();
          await page.locator('[data-testid="verify-form"] button[type="submit"]').click();
          if (left > 0) await expect.poll(tries, { timeout: 20_000 }).toContain(text.tries(left));
        }
        await page.locator('[data-testid="pin-blocked"]').waitFor({ state: 'visible', timeout: 20_000 });
        const route = page.locator('[data-testid="ca-unlock"]');
        await route.waitFor({ state: 'visible' });
        expect(await route.innerText()).toMatch(text.caRoute);
        expect(await page.locator('[data-testid="default-pin-warning"]').count()).toBe(0);
        expect(await page.locator('[data-testid="online-unlock-link"]').count()).toBe(0);
        expect(await checkScreen(page, 'pin-blocked', lang, size)).toEqual(CLEAN);
      });
    });
  }
}
