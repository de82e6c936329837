/** Screenshots saved as test artifacts under test-results/screenshots/ (issue 4 §4). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './preview-server';

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results/screenshots');

/** Writes a full-page PNG named after `name` (unsafe characters replaced) and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_');
  const path = join(SCREENSHOT_DIR, `${safe}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
