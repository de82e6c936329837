/**
 * Issue 16 "Done when", §1 keys this browser cannot open: on a Windows PC, 添加 UKEY with its one-line answer, then
 * three keys recorded by OpenSSL-made certificates (CFCA SM2, 四川CA P-256, 12309 RSA), shown on 我的 UKEY and on
 * the detail page — in zh-CN and en at 1280×800 and 390×844, axe clean, no sideways scroll, no word broken at
 * 390 px, screenshots in /tmp/ukey-shots/. Each says plainly that only the certificate is recorded and how to
 * reach its CA: the hotline where the CA publishes one, else its service route and website (issue 16 §2).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_PROFILES } from '../../src/shared/ca-profiles/profiles';
import { launchBrowser, setLanguage, startPreviewServer, type AppLang, type LaunchedBrowser, type PreviewServer } from './support';
import { CLEAN, LANGS, SIZES, VIEWPORT, checkScreen } from './support/matrix';
import { makeProfileCertificates, type MadeCertificate } from './support/openssl-certs';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let made: MadeCertificate[];
const pageErrors: string[] = [];

const profile = (id: string) => CA_PROFILES.find((p) => p.id === id)!;

beforeAll(async () => {
  made = [
    ...makeProfileCertificates(['cfca'], ['sm2']),
    ...makeProfileCertificates(['scca'], ['p256']),
    ...makeProfileCertificates(['12309'], ['rsa']),
  ];
  server = await startPreviewServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  // The clerk's Windows PC: the reach context reads User-Agent Client Hints' platform first.
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'userAgentData', { get: () => ({ platform: 'Windows', mobile: false, brands: [] }) });
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}#/pair`);
  for (const c of made) {
    await page.locator('[data-testid="cert-paste"]').fill(c.pem);
    await page.locator('[data-testid="cert-paste-button"]').click();
    await page.locator('[data-testid="cert-added"]', { hasText: c.unit }).waitFor({ state: 'visible', timeout: 30_000 });
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const cfca = () => made.find((m) => m.profileId === 'cfca')!;

interface Screen {
  readonly name: string;
  readonly open: () => Promise<void>;
  readonly check: (lang: AppLang) => Promise<void>;
}

const SCREENS: readonly Screen[] = [
  {
    name: 'pair-windows',
    open: async () => {
      await page.evaluate(() => void (location.hash = '#/pair'));
      await page.locator('[data-testid="pair-verdict"]').waitFor({ state: 'visible', timeout: 30_000 });
    },
    check: async (lang) => {
      const verdict = (await page.locator('[data-testid="pair-verdict"]').innerText()) ?? '';
      expect(verdict).toContain(lang === 'zh-CN' ? 'Windows' : 'Windows');
      // "选择 UKEY" is never below the fold.
      const box = await page.locator('[data-testid="pair-button"]').boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(page.viewportSize()!.height);
    },
  },
  {
    name: 'dashboard-cert-only',
    open: async () => {
      await page.evaluate(() => void (location.hash = '#/'));
      await expect.poll(() => page.locator('article.token-card[data-token-id^="cert:"]').count(), { timeout: 30_000 }).toBe(made.length);
    },
    check: async (lang) => {
      for (const c of made) {
        const card = page.locator('article.token-card', { hasText: c.unit });
        expect(await card.locator('[data-testid="cert-only-mark"]').innerText()).toContain(lang === 'zh-CN' ? '只记录了证书，UKEY 本身不能在这里使用' : 'Only the certificate is recorded');
        const route = await card.locator('[data-testid="cert-only-route"]').innerText();
        const p = profile(c.profileId);
        expect(route).toContain(lang === 'zh-CN' ? p.name.zh : p.name.en);
        for (const h of p.hotlines) expect(route).toContain(h);
        if (p.serviceRoute.url) expect(route).toContain(p.serviceRoute.url);
        expect(await card.locator('[data-testid="renew-button"]').count()).toBe(0);
      }
    },
  },
  {
    name: 'detail-cert-only-cfca',
    open: async () => {
      await page.evaluate(() => void (location.hash = '#/'));
      const card = page.locator('article.token-card', { hasText: cfca().unit });
      await card.waitFor({ state: 'visible', timeout: 30_000 });
      await card.locator('a[href^="#/token/"]').first().click();
      // The detail screen replaces the dashboard; until it does, every certificate-only card shows its own mark.
      await page.locator('#detail-title').waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('[data-testid="cert-only-mark"]').waitFor({ state: 'visible', timeout: 30_000 });
    },
    check: async (lang) => {
      const text = await page.locator('main').innerText();
      expect(text).toContain(cfca().unit);
      expect(text).toContain(lang === 'zh-CN' ? '联系 CA' : 'Contact the CA');
      expect(text).toContain('https://csp.cj-pension.com.cn/');
      // A CA whose manuals print no hotline gets no invented number.
      expect(text).not.toMatch(lang === 'zh-CN' ? /服务热线/ : /Service line/);
    },
  },
];

for (const lang of LANGS) {
  describe(`certificate-only keys in ${lang}`, () => {
    beforeAll(async () => {
      await setLanguage(page, lang);
    });
    for (const size of SIZES) {
      for (const screen of SCREENS) {
        it(`${screen.name} (${size})`, async () => {
          await page.setViewportSize(VIEWPORT[size]);
          await screen.open();
          await page.waitForLoadState('networkidle');
          await screen.check(lang);
          expect(await checkScreen(page, screen.name, lang, size)).toEqual(CLEAN);
        });
      }
    }
  });
}

it('no page error', () => {
  expect(pageErrors).toEqual([]);
});
