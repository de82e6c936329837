/**
 * Phone width (issue 16 §3; UX walk 2026-12-06 "also noted"): at 390×844 badges, labels, buttons and dates never
 * break in the middle of a word — "演/示", a vertical "移/除", "2026-12-/26". For every such element, each
 * word of its text (a run without spaces; a CJK run counts as one word) must lie on one line: a DOM Range over
 * the word has one line box. zh-CN and en; screenshots of each screen.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, launchBrowser, openDemo, saveScreen, setLanguage, startPreviewServer, tokenHash, type AppLang, type LaunchedBrowser, type PreviewServer } from './support';

/** Chinese prose in a table cell may break between any two characters (normal line breaking); these may not. */
const WATCHED = '.badge, .demo-label, .cached-label, button, .button, .date, .net, time, .dn dt';

/** Words of watched elements that the layout split over two lines. */
async function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate((selector) => {
    const broken: string[] = [];
    for (const el of document.querySelectorAll(selector)) {
      if (!(el instanceof HTMLElement) || el.offsetParent === null) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(`${el.tagName.toLowerCase()}.${el.className}: "${m[0]}"`);
        }
      }
    }
    return broken;
  }, WATCHED);
}

function makeCaPem(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'ukey-e2e-phone-ca-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-utf8', '-keyout', join(dir, 'k.pem'),
      '-subj', '/C=CN/O=北京数字认证股份有限公司/CN=BJCA 测试根证书 中国 长名称用于检查窄屏', '-days', '3650', '-out', join(dir, 'ca.pem')], { stdio: 'pipe' });
    return readFileSync(join(dir, 'ca.pem'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let server: PreviewServer;
beforeAll(async () => {
  server = await startPreviewServer();
});
afterAll(async () => {
  await server?.close();
});

for (const lang of ['zh-CN', 'en'] as const satisfies readonly AppLang[]) {
  describe(`390 px wide, ${lang}`, () => {
    let browser: LaunchedBrowser;
    let page: Page;
    let tokenId: string;

    beforeAll(async () => {
      browser = await launchBrowser({ lang: lang === 'en' ? 'en-US' : 'zh-CN' });
      page = await browser.context.newPage();
      await page.setViewportSize(PHONE);
      tokenId = await openDemo(page, server.url);
      await setLanguage(page, lang);
    });
    afterAll(async () => {
      await browser?.close();
    });

    const screens: ReadonlyArray<{ name: string; hash: () => string; ready: string }> = [
      { name: 'dashboard', hash: () => '#/', ready: 'article.token-card .badge' },
      { name: 'token-detail', hash: () => tokenHash(tokenId), ready: '[data-testid="token-serial"]' },
      { name: 'pin', hash: () => tokenHash(tokenId, true), ready: '[data-testid="verify-form"]' },
      { name: 'pair', hash: () => '#/pair', ready: '[data-testid="pair-verdict"]' },
      { name: 'env-check', hash: () => '#/env', ready: '[data-testid="env-verdict"]' },
    ];
    for (const screen of screens) {
      it(`${screen.name}: no word broken across lines`, async () => {
        await page.evaluate((h) => void (location.hash = h), screen.hash());
        await page.locator(screen.ready).first().waitFor({ state: 'visible', timeout: 30_000 });
        await page.waitForTimeout(300);
        await saveScreen(page, lang, 'phone', `width-${screen.name}`);
        expect(await brokenWords(page)).toEqual([]);
      });
    }

    it('设置 with a trusted CA: the 移除 button and the dates stay whole', async () => {
      await page.evaluate(() => void (location.hash = '#/trust'));
      await page.locator('#trust-title').waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('#ca-file').setInputFiles({ name: 'root.pem', mimeType: 'application/x-pem-file', buffer: makeCaPem() });
      await page.locator('[data-testid="trusted-cas"] tbody tr').first().waitFor({ state: 'visible', timeout: 30_000 });
      await saveScreen(page, lang, 'phone', 'width-trust');
      expect(await brokenWords(page)).toEqual([]);
    });
  });
}
