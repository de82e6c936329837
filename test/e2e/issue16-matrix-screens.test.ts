/**
 * Issue 16 "Done when", the demo key's screens: each behaviour's screen in zh-CN and en at 1280×800 and 390×844 —
 * axe clean, no sideways scroll, no word broken at 390 px, a screenshot in /tmp/ukey-shots/ — and what the
 * screen must say: the demo banner names its PIN and PUK (§2 demo), the dashboard offers the calendar file (§1
 * reminders), the renewal screen names the key and the certificate and has no CA-address field (§2), the unlock
 * screen of an unregistered key gives the CA's route (§2), the guides describe the app as it is with the
 * hotline (§2 guides), 全面检查 has a 去延期 button (§3). One built app, one browser, one page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openDemo, setLanguage, startPreviewServer, tokenHash, type AppLang, type LaunchedBrowser, type PreviewServer } from './support';
import { CLEAN, LANGS, SIZES, VIEWPORT, checkScreen } from './support/matrix';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  tokenId = await openDemo(page, server.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Screen {
  readonly name: string;
  readonly hash: () => string;
  readonly ready: string;
  /** What the screen must say, per language (checked on the rendered text of <main> and the banner). */
  readonly says: (lang: AppLang) => readonly (string | RegExp)[];
  readonly never?: (lang: AppLang) => readonly (string | RegExp)[];
  /** Selector whose text is checked; default the whole body. */
  readonly scope?: string;
}

const zh = (lang: AppLang) => lang === 'zh-CN';

const SCREENS: readonly Screen[] = [
  {
    name: 'dashboard',
    hash: () => '#/',
    ready: 'article.token-card .badge',
    says: (l) => (zh(l) ? ['123456', '12345678', '演示模式', '下载到期日历'] : ['123456', '12345678', 'Demo mode', 'calendar']),
  },
  {
    name: 'renewal',
    hash: () => `${tokenHash(tokenId)}/renew/9d`,
    ready: '[data-testid="renewal-window"]',
    scope: 'main',
    // The title names the certificate and its expiry date; 证书延期 per the glossary.
    says: (l) => (zh(l) ? [/证书延期：演示 UKEY · 加密.*（\d{4}-\d{2}-\d{2} 到期）/] : [/Renew: Demo UKEY · Encryption.*\(expires \d{4}-\d{2}-\d{2}\)/]),
    never: () => [/不要拔|请勿拔|don.t unplug/i, /以后会支持/],
  },
  {
    name: 'unlock',
    hash: () => `${tokenHash(tokenId)}/unlock`,
    ready: '[data-testid="unlock-status"]',
    scope: 'main',
    says: (l) => (zh(l) ? ['没有登记'] : [/not registered/i]),
  },
  {
    name: 'guide-renewal',
    hash: () => '#/guides/renewal-rules',
    ready: '.guide-detail h1, .guide-detail h2',
    scope: 'main',
    says: (l) => [...(zh(l) ? ['去延期'] : []), '4007001900', 'csp.cj-pension.com.cn', 'www.scca.com.cn'],
    never: (l) => (zh(l) ? ['以后会支持', '不要拔'] : [/will support later/i, /don.t unplug/i]),
  },
  {
    name: 'guide-unlock',
    hash: () => '#/guides/unlock',
    ready: '.guide-detail h1, .guide-detail h2',
    scope: 'main',
    // Every clerk CA reachable (issue 16 §2): BJCA's hotline; CFCA's and 四川CA's websites (no hotline published).
    says: (l) => [...(zh(l) ? ['解锁授权码', '在线解锁'] : [/unlock code/i]), '4007001900', 'csp.cj-pension.com.cn', 'www.scca.com.cn'],
    never: (l) => (zh(l) ? ['以后会直接接入'] : [/will be built in later/i]),
  },
  {
    name: 'env-check',
    hash: () => '#/env',
    ready: '[data-testid="env-verdict"]',
    scope: 'main',
    says: (l) => (zh(l) ? ['去延期'] : [/renew/i]),
    never: (l) => (zh(l) ? ['尚未授权任何已连接的 USB 设备'] : []),
  },
];

for (const lang of LANGS) {
  describe(`issue 16 screens in ${lang}`, () => {
    beforeAll(async () => {
      await page.goto(`${server.url}#/`);
      await setLanguage(page, lang);
    });
    for (const size of SIZES) {
      for (const screen of SCREENS) {
        it(`${screen.name} (${size})`, async () => {
          await page.setViewportSize(VIEWPORT[size]);
          await page.evaluate((h) => void (location.hash = h), screen.hash());
          await page.locator(screen.ready).first().waitFor({ state: 'visible', timeout: 30_000 });
          await page.waitForLoadState('networkidle');
          const text = (await page.locator(screen.scope ?? 'body').innerText()).replace(/\s+/g, ' ');
          for (const s of screen.says(lang)) {
            if (typeof s === 'string') expect(text, screen.name).toContain(s);
            else expect(text, screen.name).toMatch(s);
          }
          for (const s of screen.never?.(lang) ?? []) {
            if (typeof s === 'string') expect(text, screen.name).not.toContain(s);
            else expect(text, screen.name).not.toMatch(s);
          }
          // The CA address is never a field the clerk edits (issue 16 §2): at most under 技术详情, folded.
          expect(await page.locator('input[type="url"]:visible, [data-testid="renewal-ca-url"]:visible').count()).toBe(0);
          expect(await checkScreen(page, screen.name, lang, size)).toEqual(CLEAN);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        });
      }
    }
  });
}

it('no page error on any of these screens', () => {
  expect(pageErrors).toEqual([]);
});
