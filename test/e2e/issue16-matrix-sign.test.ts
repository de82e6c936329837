/**
 * Issue 16 "Done when", §2 the sign popup shows which key it will sign with: the clerk's label, the 介质序列号 and
 * the CA, the login certificate preselected. The reference portal (localhost) opens the app's popup (127.0.0.1)
 * through the portal SDK; the demo key carries the label "社保（人事科）". zh-CN and en at 1280×800 and 390×844
 * (the popup's own window size), axe clean, no sideways scroll, no word broken at 390 px, screenshots in
 * /tmp/ukey-shots/. Each popup is cancelled after reading: this file never signs.
 */
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../src/servers/portal/audit-log';
import { buildPortal } from '../../src/servers/portal/server';
import { MemoryChallengeStore } from '../../src/servers/verifier/challenge-store';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { demoCaCertificateDer } from '../../src/virtual/demo-ca';
import { freePort, launchBrowser, openDemo, setLanguage, startPreviewServer, type AppLang, type LaunchedBrowser, type PreviewServer } from './support';
import { CLEAN, LANGS, SIZES, VIEWPORT, brokenLatinWords, checkScreen } from './support/matrix';

const LABEL = '社保（人事科）';
let app: PreviewServer;
let portal: FastifyInstance;
let portalUrl: string;
let browser: LaunchedBrowser;
let appPage: Page;
let serial: string;

beforeAll(async () => {
  app = await startPreviewServer();
  const port = await freePort();
  portalUrl = `http://localhost:${port}`;
  const trust = new MemoryTrustStore();
  trust.addAnchor(demoCaCertificateDer());
  portal = await buildPortal({
    origin: portalUrl,
    appUrl: `${app.url}sign?demo=1`,
    trust,
    store: new MemoryChallengeStore(),
    audit: new MemoryAuditLog(),
    rateLimit: { limit: 1000, windowMs: 60_000 },
  });
  await portal.listen({ port, host: '127.0.0.1' });
  browser = await launchBrowser();
  appPage = await browser.context.newPage();
  await openDemo(appPage, app.url);
  const card = appPage.locator('article.token-card[data-live="true"]').first();
  await card.locator('[data-testid="edit-label"]').click();
  await card.locator('input[id^="label-"]').fill(LABEL);
  await card.locator('form.label-form button[type="submit"]').click();
  await card.locator('h2', { hasText: LABEL }).waitFor({ state: 'visible', timeout: 30_000 });
  serial = ((await card.locator('dt:text-is("介质序列号") + dd').textContent()) ?? '').trim();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await app?.close();
});

async function openPopup(size: 'desk' | 'phone'): Promise<{ portalPage: Page; popup: Page }> {
  await browser.context.clearCookies();
  const portalPage = await browser.context.newPage();
  await portalPage.goto(`${portalUrl}/`);
  const [popup] = await Promise.all([browser.context.waitForEvent('page'), portalPage.locator('#ukey-login').click()]);
  await popup.setViewportSize(VIEWPORT[size]);
  await popup.locator('[data-testid="sign-cert"]').waitFor({ state: 'visible', timeout: 60_000 });
  return { portalPage, popup };
}

const CA: Readonly<Record<AppLang, string>> = { 'zh-CN': 'UKey 助手演示 CA', en: 'UKey Assistant demo CA' };

for (const lang of LANGS) {
  describe(`the sign popup in ${lang}`, () => {
    beforeAll(async () => {
      // The popup reads the language the app saved for this origin.
      await appPage.bringToFront();
      await setLanguage(appPage, lang);
    });
    for (const size of SIZES) {
      it(`names the key by its label, 介质序列号 and CA, login certificate preselected (${size})`, async () => {
        const { portalPage, popup } = await openPopup(size);
        try {
          const key = await popup.locator('[data-testid="sign-key"]').innerText();
          expect(key).toContain(LABEL);
          expect(key).toContain(CA[lang]);
          expect(serial).toMatch(/^\d+$/);
          expect(key).toContain(serial);
          const radios = popup.locator('input[name="cert"]');
          if ((await radios.count()) > 1) {
            expect(await popup.locator('label.sign-choice:has(input:checked)').innerText()).toContain(lang === 'zh-CN' ? '身份认证' : 'authentication');
          }
          expect(await popup.evaluate(() => document.documentElement.lang)).toBe(lang);
          expect(await checkScreen(popup, 'sign-popup', lang, size)).toEqual(CLEAN);
          // The site box may break a long address anywhere, but never an English word of its sentence ("tha/t").
          expect(await brokenLatinWords(popup, '[data-testid="sign-site"]')).toEqual([]);
          await popup.locator('[data-testid="sign-cancel"]').click();
        } finally {
          if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 20_000 }).catch(() => popup.close());
          await portalPage.close();
        }
      });
    }
  });
}
