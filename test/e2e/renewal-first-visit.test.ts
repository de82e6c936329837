/**
 * Regression (issue 16 §2, brief item 5): renewal.test.ts failed with OutboxUnavailableError because the page was
 * not yet controlled by the service worker when the renewal was handed to the outbox (only the service worker
 * writes the outbox, sw/client/transport.ts). A clerk who starts a renewal on the first visit must not be
 * refused: the app waits for the service worker's control before the hand-over.
 *
 * To make "not yet controlled" certain rather than a race, the app is served from a copy of the build whose
 * service worker takes 6 s to install (an install handler that waits, ServiceWorker spec §"Install"): the renewal
 * is started while no service worker controls the page.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freePort, launchBrowser, openDemo, REPO_ROOT, startCaProcess, startPreviewServer, type CaProcess, type LaunchedBrowser, type PreviewServer } from './support';

const INSTALL_DELAY_MS = 6_000;
let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let ca: CaProcess;
let caPort: number;
const caDir = mkdtempSync(join(tmpdir(), 'ukey-e2e-ca-'));
const copy = mkdtempSync(join(tmpdir(), 'ukey-e2e-slow-sw-'));

beforeAll(async () => {
  ensureBuilt();
  cpSync(process.env.UKEY_DIST_DIR ?? join(REPO_ROOT, 'dist'), copy, { recursive: true });
  const swPath = join(copy, 'sw.js');
  const slowInstall = `self.addEventListener('install', (e) => e.waitUntil(new Promise((r) => setTimeout(r, ${INSTALL_DELAY_MS}))));\n`;
  writeFileSync(swPath, slowInstall + readFileSync(swPath, 'utf8'));
  server = await startPreviewServer({ distDir: copy });
  caPort = await freePort();
  ca = await startCaProcess(caDir, caPort, new URL(server.url).origin);
  browser = await launchBrowser();
  page = await browser.context.newPage();
}, 180_000);

afterAll(async () => {
  await ca?.stop();
  await browser?.close();
  await server?.close();
  rmSync(caDir, { recursive: true, force: true });
  rmSync(copy, { recursive: true, force: true });
});

describe('renewal on the first visit', () => {
  it('started before the service worker controls the page, it is handed over once it does and completes', async () => {
    const tokenId = await openDemo(page, server.url);
    await page.evaluate((h) => void (location.hash = h), `#/token/${encodeURIComponent(tokenId)}/renew/9a`);
    await page.locator('[data-testid="renewal-window"]').waitFor({ state: 'visible', timeout: 60_000 });
    // The point of the test: nothing controls the page yet.
    expect(await page.evaluate(() => navigator.serviceWorker.controller === null)).toBe(true);
    await page.locator('[data-testid="renewal-tech"] > summary').click();
    await page.locator('[data-testid="renewal-ca-url"]').fill(`http://127.0.0.1:${caPort}/.well-known/cmp`);
    await page.locator('[data-testid="renewal-pin"]').fill('123456');
    await page.locator('[data-testid="renewal-run"]').click();
    const done = page.locator('[data-testid="renewal-done"]');
    const refused = page.locator('.error-panel');
    await Promise.race([done.waitFor({ state: 'visible', timeout: 120_000 }), refused.first().waitFor({ state: 'visible', timeout: 120_000 })]);
    expect(await refused.count(), (await refused.first().textContent().catch(() => '')) ?? '').toBe(0);
    expect(await done.isVisible()).toBe(true);
  });
});
