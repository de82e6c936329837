/**
 * No English or class names in Chinese screens (issue 16 §3): the RENDERED text of every screen in zh-CN —
 * not only the i18n tables — is scanned for Latin words outside the glossary's allowed list
 * (src/ui/i18n/glossary.ts LATIN_ALLOWED_ZH). Text under 技术详情 (details.tech), text marked lang="en", code,
 * monospace values (serials, fingerprints, codes), a certificate's own data (data-cert-value: a holder or issuer
 * name as the CA wrote it) and the language switch are not the app's sentences and are skipped.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_IDS } from '../../src/shared/errors/guide-ids';
import { LATIN_ALLOWED_ZH } from '../../src/ui/i18n/glossary';
import { launchBrowser, openDemo, startPreviewServer, tokenHash, type LaunchedBrowser, type PreviewServer } from './support';

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

/** Latin words of the visible sentence text of the page (header, banners, main). */
async function latinWords(): Promise<string[]> {
  return page.evaluate(() => {
    const skip = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        if (e.matches('details.tech, [lang="en"], [data-cert-value], code, .mono, script, style, noscript, [data-testid="lang-switch"], .skip, [hidden]')) return true;
        if (e.matches('details:not([open]) > :not(summary)')) return true;
      }
      return false;
    };
    const words: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (skip(node.parentElement)) continue;
      for (const m of (node.textContent ?? '').matchAll(/[A-Za-z][A-Za-z0-9]*(?:[.+\-/][A-Za-z0-9]+)*/g)) words.push(m[0]);
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      if (skip(el)) continue;
      for (const attr of ['aria-label', 'placeholder', 'title']) {
        for (const m of (el.getAttribute(attr) ?? '').matchAll(/[A-Za-z][A-Za-z0-9]*(?:[.+\-/][A-Za-z0-9]+)*/g)) words.push(m[0]);
      }
    }
    return words;
  });
}

const ALLOWED = new Set(LATIN_ALLOWED_ZH);

async function offenders(hash: string, ready: string): Promise<string[]> {
  await page.evaluate((h) => void (location.hash = h), hash);
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForTimeout(300);
  // Open every folded section that is not 技术详情: its text is part of the screen once opened.
  await page.evaluate(() => document.querySelectorAll('details:not(.tech)').forEach((d) => ((d as HTMLDetailsElement).open = true)));
  return [...new Set((await latinWords()).filter((w) => !ALLOWED.has(w)))];
}

const SCREENS: ReadonlyArray<{ name: string; hash: () => string; ready: string }> = [
  { name: 'dashboard', hash: () => '#/', ready: 'article.token-card' },
  { name: 'pair', hash: () => '#/pair', ready: '[data-testid="pair-verdict"]' },
  { name: 'token-detail', hash: () => tokenHash(tokenId), ready: '[data-testid="token-serial"]' },
  { name: 'pin', hash: () => tokenHash(tokenId, true), ready: '[data-testid="verify-form"]' },
  { name: 'renew', hash: () => `${tokenHash(tokenId)}/renew/9d`, ready: 'main h1' },
  { name: 'unlock', hash: () => `${tokenHash(tokenId)}/unlock`, ready: '[data-testid="unlock-screen"]' },
  { name: 'env-check', hash: () => '#/env', ready: '[data-testid="env-verdict"]' },
  { name: 'trust', hash: () => '#/trust', ready: '#trust-title' },
  { name: 'guides', hash: () => '#/guides', ready: 'input[type="search"]' },
];

describe('zh-CN screens show no Latin words outside the glossary (issue 16 §3)', () => {
  const found: Record<string, string[]> = {};

  for (const screen of SCREENS) {
    it(screen.name, async () => {
      found[screen.name] = await offenders(screen.hash(), screen.ready);
      expect({ [screen.name]: found[screen.name] }).toEqual({ [screen.name]: [] });
    });
  }

  it('every guide', async () => {
    const byGuide: Record<string, string[]> = {};
    for (const id of GUIDE_IDS) {
      const words = await offenders(`#/guides/${id}`, `[data-guide-id="${id}"]`);
      if (words.length > 0) byGuide[id] = words;
    }
    expect(byGuide).toEqual({});
  });
});
