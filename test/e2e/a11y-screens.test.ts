/**
 * Accessibility and screenshots of every screen in both languages at 1280×800 and 390×844 (issue 4 §4, issue 8
 * "Tests and evidence"): axe-core finds no serious or critical violations; each screen is saved to
 * test-results/screens/<lang>-<desk|phone>-<screen>.png.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openDemo,
  saveScreen,
  setLanguage,
  startPreviewServer,
  tokenHash,
  DESK,
  PHONE,
  type AppLang,
  type SizeName,
  type LaunchedBrowser,
  type PreviewServer,
} from './support';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  tokenId = await openDemo(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Screen {
  readonly name: string;
  readonly hash: () => string;
  /** Something that is only there once the screen has rendered its content. */
  readonly ready: string;
}

const SCREENS: readonly Screen[] = [
  { name: 'dashboard', hash: () => '#/', ready: 'article.token-card' },
  { name: 'pair', hash: () => '#/pair', ready: '[data-testid="pair-verdict"]' },
  { name: 'token-detail', hash: () => tokenHash(tokenId), ready: '[data-testid="token-serial"]' },
  { name: 'pin', hash: () => tokenHash(tokenId, true), ready: '[data-testid="verify-form"]' },
  { name: 'env-check', hash: () => '#/env', ready: '[data-testid="env-verdict"]' },
  { name: 'guides', hash: () => '#/guides/clock-wrong', ready: '.guide-detail h2, .guide-detail h1' },
  { name: 'guides-search', hash: () => '#/guides', ready: 'input[type="search"]' },
  { name: 'trust', hash: () => '#/trust', ready: '#trust-title' },
];

async function scan(lang: AppLang, size: SizeName, screen: Screen): Promise<string[]> {
  await page.setViewportSize(size === 'desk' ? DESK : PHONE);
  await page.goto(`${server.url}${screen.hash()}`);
  await page.locator(screen.ready).first().waitFor({ state: 'visible', timeout: 30_000 });
  // Let async content (certificate reads, PIN status) settle before the scan.
  await page.waitForLoadState('networkidle');
  await saveScreen(page, lang, size, screen.name);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const lang of ['zh-CN', 'en'] as const) {
  describe(`every screen in ${lang}`, () => {
    beforeAll(async () => {
      await page.goto(`${server.url}#/`);
      await setLanguage(page, lang);
    });

    for (const size of ['desk', 'phone'] as const) {
      for (const screen of SCREENS) {
        it(`${screen.name} (${size}): no serious or critical axe violations`, async () => {
          expect(await scan(lang, size, screen)).toEqual([]);
          // WCAG 3.1.1: the page's language follows the switch, so screen readers read Chinese as Chinese.
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          // No horizontal overflow at either size.
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        });
      }
    }
  });
}
