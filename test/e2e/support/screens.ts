/** Screenshots named `<lang>-<desk|phone>-<screen>.png` under test-results/screens/ (issue 8 "Tests and evidence"). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AppLang } from './app';
import { REPO_ROOT } from './preview-server';

export const SCREENS_DIR = join(REPO_ROOT, 'test-results/screens');

export const DESK = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;
export type SizeName = 'desk' | 'phone';

export async function saveScreen(page: Page, lang: AppLang, size: SizeName, screen: string): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const path = join(SCREENS_DIR, `${lang === 'zh-CN' ? 'zh' : 'en'}-${size}-${screen.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Records every error panel that ever appears (even for a moment) so a test can prove a screen never showed a
 * false error, e.g. "token not found" while the worker is still finding the key (issue 8 §2).
 */
export async function recordErrorPanels(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __errorPanels: string[] }).__errorPanels = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.error-panel')) {
        const name = el.getAttribute('data-error-name') ?? '?';
        if (!seen.includes(name)) seen.push(name);
      }
    }).observe(document, { subtree: true, childList: true });
  });
}

export function errorPanelsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __errorPanels?: string[] }).__errorPanels ?? []);
}
