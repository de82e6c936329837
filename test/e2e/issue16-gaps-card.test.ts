/**
 * Issue 16 "Done when", gaps the matrix left on the demo key's screens:
 * - §2 "A renewal waiting for the CA shows on the key's card": while a certificate's renewal is queued, the card
 *   shows the queued state and no second 去延期 for that certificate (a second press would start another renewal);
 * - small words (§3): English role names start a label with a capital ("Signature: …", not "signature: …"), and
 *   全面检查 says "1 problem", "1 UKEY" — never "problem(s)" or "1 warnings".
 * zh-CN and en at 1280×800 and 390×844, axe clean, no sideways scroll, no word broken at 390 px, screenshots in
 * /tmp/ukey-shots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchBrowser, openDemo, setLanguage, startPreviewServer, tokenHash, waitForServiceWorkerControl, type LaunchedBrowser, type PreviewServer } from './support';
import { CLEAN, LANGS, SIZES, VIEWPORT, checkScreen } from './support/matrix';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;
const go = (hash: string) => page.evaluate((h) => void (location.hash = h), hash);
const card = () => page.locator(`article.token-card[data-token-id="${tokenId}"]`);

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(server.url);
  await waitForServiceWorkerControl(page);
  tokenId = await openDemo(page, server.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** English role names as the clerk reads them at the start of a label: a capital first letter. */
async function roleLabels(): Promise<string[]> {
  return page.locator('.cert-role, article.cert > h3, .deadline > strong').allInnerTexts();
}

describe('English words', () => {
  beforeAll(async () => {
    await setLanguage(page, 'en');
  });

  for (const size of SIZES) {
    it(`role names start their labels with a capital, on the card and the key's page (${size})`, async () => {
      await page.setViewportSize(VIEWPORT[size]);
      await go('#/');
      await card().locator('.cert-list li .cert-role').first().waitFor({ state: 'visible', timeout: 30_000 });
      const onCard = await roleLabels();
      expect(onCard.length).toBeGreaterThan(0);
      for (const label of onCard) expect(label.trim(), label).toMatch(/^[A-Z]/);
      await go(tokenHash(tokenId));
      await page.locator('article.cert > h3').first().waitFor({ state: 'visible', timeout: 30_000 });
      const onPage = await roleLabels();
      expect(onPage.length).toBeGreaterThan(0);
      for (const label of onPage) expect(label.trim(), label).toMatch(/^[A-Z]/);
      expect(await checkScreen(page, 'gaps-key-page-roles', 'en', size)).toEqual(CLEAN);
    });

    it(`全面检查 counts in proper English: no "(s)", no "1 problems" (${size})`, async () => {
      await page.setViewportSize(VIEWPORT[size]);
      await go('#/env');
      await page.locator('[data-testid="env-verdict"]').waitFor({ state: 'visible', timeout: 30_000 });
      // Every item, the fine ones too (folded by default).
      for (const d of await page.locator('main details.env-ok:not([open])').all()) await d.locator('> summary').click();
      const text = await page.locator('main').innerText();
      expect(text).not.toMatch(/\(s\)/);
      expect(text).not.toMatch(/\b1 (problems|warnings|UKEYs|devices|tokens|items)\b/);
      expect(text).not.toMatch(/\ball 1\b/);
      expect(await checkScreen(page, 'gaps-env-check-words', 'en', size)).toEqual(CLEAN);
    });
  }

  it('with the PIN blocked, the verdict counts its problems in proper English ("1 problem", "2 problems")', async () => {
    await page.setViewportSize(VIEWPORT.desk);
    await go(tokenHash(tokenId, true));
    const verify = page.locator('[data-testid="verify-form"]');
    await verify.waitFor({ state: 'visible', timeout: 30_000 });
    for (const i of [0, 1, 2]) {
      await verify.locator('#verify-pin').fill('000000');
      if (i === 2) await page.locator('#verify-last-try').check();
      await verify.locator('button[type="submit"]').click();
      if (i < 2) await verify.locator('[data-error-name="WrongPinError"]').waitFor({ state: 'visible', timeout: 30_000 });
      if (i === 1) await page.locator('#verify-last-try').waitFor({ state: 'visible', timeout: 30_000 });
    }
    await page.locator('[data-testid="pin-blocked"]').waitFor({ state: 'visible', timeout: 30_000 });
    await go('#/env');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="env-verdict"]')?.getAttribute('data-problems') ?? '0') > 0, undefined, { timeout: 60_000 });
    const n = Number(await page.locator('[data-testid="env-verdict"]').getAttribute('data-problems'));
    const verdict = (await page.locator('[data-testid="env-verdict"] .verdict-line').innerText()).trim();
    expect(verdict).toBe(n === 1 ? '1 problem to deal with' : `${n} problems to deal with`);
    expect(await page.locator('main').innerText()).not.toMatch(/\(s\)/);
  });
});

describe('a queued renewal on the card', () => {
  beforeAll(async () => {
    await setLanguage(page, 'zh-CN');
    await page.setViewportSize(VIEWPORT.desk);
    // A fresh demo key (the PIN was blocked above), with a renewal sent where no CA listens: it stays queued.
    tokenId = await openDemo(page, server.url);
    await card().locator('[data-testid="renew-button"]').first().waitFor({ state: 'visible', timeout: 30_000 });
    const deadPort = await freePort();
    await go(`#/token/${encodeURIComponent(tokenId)}/renew/9d`);
    await page.locator('[data-testid="renewal-window"]').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('[data-testid="renewal-tech"] > summary').click();
    await page.locator('[data-testid="renewal-ca-url"]').fill(`http://127.0.0.1:${deadPort}/.well-known/cmp`);
    await page.locator('[data-testid="renewal-pin"]').fill('123456');
    await page.locator('[data-testid="renewal-run"]').click();
    await page.locator('[data-testid="renewal-waiting-network"]').waitFor({ state: 'visible', timeout: 120_000 });
  }, 240_000);

  for (const lang of LANGS) {
    for (const size of SIZES) {
      it(`shows the queued state instead of a second 去延期 for that certificate (${lang}, ${size})`, async () => {
        await setLanguage(page, lang);
        await page.setViewportSize(VIEWPORT[size]);
        await go('#/');
        await card().locator('[data-testid="renewal-queued"]').waitFor({ state: 'visible', timeout: 30_000 });
        // The deadline line stays (the date still holds until the CA answers); its button does not.
        await card().locator('[data-testid="deadline"]').first().waitFor({ state: 'visible', timeout: 10_000 });
        const renewLinks = await card().locator('[data-testid="renew-button"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
        expect(renewLinks.filter((h) => h.endsWith('/renew/9d'))).toEqual([]);
        expect(await card().locator('[data-testid="deadline"] [data-testid="renewal-queued-mark"]').count()).toBeGreaterThan(0);
        expect(await checkScreen(page, 'gaps-card-renewal-queued', lang, size)).toEqual(CLEAN);
      });
    }
  }
});
