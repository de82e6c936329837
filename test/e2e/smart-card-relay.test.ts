/**
 * The Web Smart Card source in Chromium, through the window relay (issue 15 §4). This Chromium does not expose
 * `navigator.smartCard` to a page (TOOLING.md: Isolated Web Apps on ChromeOS only, even with the Blink feature
 * switched on), so its DevTools SmartCardEmulation domain has no API to drive; the spec-following fake
 * (test/support/fake-smart-card.ts, with the demo PIV card behind it) is injected into every window instead, as
 * Chrome would provide the API — to windows only. The production build runs unchanged: the window relays PC/SC
 * to its driver worker, which reads the key, and the portal's popup signs in with it; the token pulled out in
 * the middle of a sign-in is reported and, put back, signs.
 */
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCaCertificateDer } from '../../src/virtual/demo-ca';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { MemoryAuditLog } from '../../src/servers/portal/audit-log';
import { buildPortal } from '../../src/servers/portal/server';
import { MemoryChallengeStore } from '../../src/servers/verifier/challenge-store';
import { freePort, launchBrowser, startPreviewServer, type LaunchedBrowser, type PreviewServer } from './support';
import { fakeSmartCardScript } from './support/smart-card-page/bundle';

const PIN = '123456';
const TOKEN_ID = 'pcsc:Feitian ePass2003 00 00';
let app: PreviewServer;
let portal: FastifyInstance;
let portalUrl: string;
let browser: LaunchedBrowser;
let context: BrowserContext;

beforeAll(async () => {
  const script = await fakeSmartCardScript();
  app = await startPreviewServer();
  const port = await freePort();
  portalUrl = `http://localhost:${port}`;
  const trust = new MemoryTrustStore();
  trust.addAnchor(demoCaCertificateDer());
  portal = await buildPortal({
    origin: portalUrl,
    appUrl: `${app.url}sign`,
    trust,
    store: new MemoryChallengeStore(),
    audit: new MemoryAuditLog(),
    rateLimit: { limit: 1000, windowMs: 60_000 },
  });
  await portal.listen({ port, host: '127.0.0.1' });
  browser = await launchBrowser({ persistent: true });
  context = browser.context;
  await context.addInitScript({ content: script });
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await app?.close();
});

async function openPopup(): Promise<{ portalPage: Page; popup: Page }> {
  await context.clearCookies();
  const portalPage = await context.newPage();
  await portalPage.goto(`${portalUrl}/`);
  const [popup] = await Promise.all([context.waitForEvent('page'), portalPage.locator('#ukey-login').click()]);
  await popup.locator('[data-testid="sign-cert"]').waitFor({ state: 'visible', timeout: 60_000 });
  return { portalPage, popup };
}

async function typePin(popup: Page): Promise<void> {
  await popup.locator('#sign-pin').fill(PIN);
  await popup.locator('[data-testid="sign-confirm"]').click();
}

describe('Web Smart Card through the window relay, in Chromium', () => {
  it('the page has the API and the worker does not: the app tab reads the key through its relay', async () => {
    const page = await context.newPage();
    await page.goto(`${app.url}#/`);
    expect(await page.evaluate(() => 'smartCard' in navigator)).toBe(true);
    const inWorker = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const worker = new Worker(URL.createObjectURL(new Blob(["postMessage('smartCard' in navigator)"], { type: 'text/javascript' })));
          worker.onmessage = (event: MessageEvent<boolean>) => resolve(event.data);
        }),
    );
    expect(inWorker).toBe(false); // as in Chrome: [Exposed=Window]
    const card = page.locator(`article.token-card[data-token-id="${TOKEN_ID}"]`);
    await card.locator('.cert-list li').first().waitFor({ state: 'visible', timeout: 60_000 });
    expect(await card.textContent()).toContain('张三');
    await page.close();
  });

  it('the portal popup signs in with the key its window relays', async () => {
    const { portalPage, popup } = await openPopup();
    expect(await popup.locator('[data-testid="sign-cert"]').textContent()).toContain('张三');
    await typePin(popup);
    await portalPage.waitForURL(`${portalUrl}/me`, { timeout: 60_000 });
    expect(await portalPage.locator('#who').textContent()).toContain('张三');
    await portalPage.close();
  });

  it('a token pulled out mid sign-in is reported; put back, the popup signs in', async () => {
    const { portalPage, popup } = await openPopup();
    await popup.evaluate(() => (globalThis as unknown as { __ukeyFakeSmartCard: { unplug(): void } }).__ukeyFakeSmartCard.unplug());
    await typePin(popup);
    const panel = popup.locator('.error-panel').first();
    await panel.waitFor({ timeout: 30_000 });
    expect(await panel.getAttribute('data-error-name')).toMatch(/DeviceDisconnectedError|DeviceNotFoundError|CardAbsentError/);
    await popup.evaluate(() => (globalThis as unknown as { __ukeyFakeSmartCard: { plug(): Promise<void> } }).__ukeyFakeSmartCard.plug());
    await typePin(popup);
    await portalPage.waitForURL(`${portalUrl}/me`, { timeout: 60_000 });
    await portalPage.close();
  });
});
