/**
 * Issue 16 "Done when", §2 a renewal waiting for the CA: the demo key's renewal is sent to a CA address where
 * nothing listens (the CA is down, the computer online). The key's card says "延期申请已排队，等待 CA 答复" and the
 * dashboard's outbox notice says "CA 暂时无法访问" with its next automatic try — never "可能没有联网" (UX walk
 * finding 5, src/sw/client/status-text.ts); offline, both say "电脑离线". zh-CN and en at 1280×800 and 390×844, axe
 * clean, no sideways scroll, no word broken at 390 px, screenshots in /tmp/ukey-shots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchBrowser, openDemo, setLanguage, startPreviewServer, waitForServiceWorkerControl, type AppLang, type LaunchedBrowser, type PreviewServer } from './support';
import { CLEAN, LANGS, SIZES, VIEWPORT, checkScreen } from './support/matrix';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;

const WORDS: Readonly<Record<AppLang, { queued: string; down: string; offline: string; never: RegExp; next: RegExp }>> = {
  'zh-CN': { queued: '延期申请已排队，等待 CA 答复', down: 'CA 暂时无法访问', offline: '电脑离线', never: /没有联网/, next: /\d{2}:\d{2} 左右会自动重试/ },
  en: { queued: 'Renewal request queued, waiting for the CA', down: 'temporarily unreachable', offline: 'offline', never: /may be offline/, next: /tries again by itself \(next around [^)]+\)/ },
};

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(server.url);
  await waitForServiceWorkerControl(page);
  tokenId = await openDemo(page, server.url);
  // The CA is down: the demo's CA address (under 技术详情, demo only) points at a port where nothing listens.
  const deadPort = await freePort();
  await page.evaluate((h) => void (location.hash = h), `#/token/${encodeURIComponent(tokenId)}/renew/9d`);
  await page.locator('[data-testid="renewal-window"]').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('[data-testid="renewal-tech"] > summary').click();
  await page.locator('[data-testid="renewal-ca-url"]').fill(`http://127.0.0.1:${deadPort}/.well-known/cmp`);
  await page.locator('[data-testid="renewal-pin"]').fill('123456');
  await page.locator('[data-testid="renewal-run"]').click();
  await page.locator('[data-testid="renewal-waiting-network"]').waitFor({ state: 'visible', timeout: 120_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function dashboard(kind: 'ca-unreachable' | 'offline'): Promise<void> {
  await page.evaluate(() => void (location.hash = '#/'));
  await page.waitForFunction((k) => document.querySelector('[data-testid="renewal-queued"]')?.getAttribute('data-kind') === k, kind, { timeout: 30_000 });
  // The service worker's first try has failed (the notice has a reason), so the sentence is the settled one.
  await page.locator('[data-testid="outbox-notice"]').waitFor({ state: 'visible', timeout: 30_000 });
}

for (const lang of LANGS) {
  describe(`a renewal waiting for the CA, ${lang}`, () => {
    const w = WORDS[lang];
    beforeAll(async () => {
      await setLanguage(page, lang);
    });
    for (const size of SIZES) {
      it(`CA down, computer online (${size}): "${w.down}" on the card and in the notice, with the next try`, async () => {
        await page.setViewportSize(VIEWPORT[size]);
        await dashboard('ca-unreachable');
        const card = await page.locator(`article.token-card[data-token-id="${tokenId}"] [data-testid="renewal-queued"]`).innerText();
        expect(card).toContain(w.queued);
        expect(card).toContain(lang === 'zh-CN' ? w.down : 'cannot be reached right now');
        await expect.poll(() => page.locator('[data-testid="outbox-notice"]').innerText(), { timeout: 60_000 }).toContain(w.down);
        const notice = await page.locator('[data-testid="outbox-notice"]').innerText();
        expect(notice).not.toMatch(w.never);
        expect(notice).toMatch(w.next);
        expect(await checkScreen(page, 'dashboard-queued-ca-down', lang, size)).toEqual(CLEAN);
      });

      it(`computer offline (${size}): "${w.offline}" on the card and in the notice, never "CA unreachable"`, async () => {
        await page.setViewportSize(VIEWPORT[size]);
        await page.context().setOffline(true);
        try {
          await dashboard('offline');
          await expect.poll(() => page.locator('[data-testid="outbox-notice"]').innerText(), { timeout: 30_000 }).toContain(w.offline);
          const notice = await page.locator('[data-testid="outbox-notice"]').innerText();
          expect(notice).not.toContain(w.down);
          expect(await page.locator(`article.token-card[data-token-id="${tokenId}"] [data-testid="renewal-queued"]`).innerText()).toContain(w.offline);
          expect(await checkScreen(page, 'dashboard-queued-offline', lang, size)).toEqual(CLEAN);
        } finally {
          await page.context().setOffline(false);
        }
      });

      it(`the renewal screen while it waits (${size})`, async () => {
        await page.setViewportSize(VIEWPORT[size]);
        await page.evaluate((h) => void (location.hash = h), `#/token/${encodeURIComponent(tokenId)}/renew/9d`);
        await page.locator('[data-testid="renewal-screen"] h1').waitFor({ state: 'visible', timeout: 30_000 });
        await page.locator('[data-testid="renewal-run"]').waitFor({ state: 'visible', timeout: 30_000 });
        const text = await page.locator('main').innerText();
        expect(text).not.toMatch(/不要拔|请勿拔|don.t unplug/i);
        expect(await checkScreen(page, 'renewal-queued', lang, size)).toEqual(CLEAN);
      });
    }
  });
}
