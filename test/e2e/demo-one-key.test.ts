/**
 * The demo behaves as one key (issue 16 §2, UX walk finding 8): one demo card for every tab and the sign popup,
 * plugged in by itself, kept across reloads, deleted when the demo is left. Before, each window's driver worker
 * built its own card: the popup refused the PIN changed in the app and a reload restored the factory PIN.
 * Demo token: PIN 123456, PUK 12345678 (named in the demo banner).
 */
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCaCertificateDer } from '../../src/virtual/demo-ca';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { MemoryAuditLog } from '../../src/servers/portal/audit-log';
import { buildPortal } from '../../src/servers/portal/server';
import { MemoryChallengeStore } from '../../src/servers/verifier/challenge-store';
import { CACHE_MARK, dumpOriginStorage, freePort, launchBrowser, openDemo, saveScreenshot, setLanguage, startPreviewServer, tokenHash, type LaunchedBrowser, type PreviewServer } from './support';
import { CLEAN, LANGS, SIZES, VIEWPORT, checkScreen } from './support/matrix';

const FACTORY_PIN = '123456';
const NEW_PIN = 'Ne4Pin12';
/** The demo key's 介质序列号, as its token record keeps it. */
const DEMO_SERIAL = '33710354';
let app: PreviewServer;
let portal: FastifyInstance;
let portalUrl: string;
let browser: LaunchedBrowser;
let tabA: Page;
let tabB: Page;
let tokenId: string;

beforeAll(async () => {
  app = await startPreviewServer();
  const port = await freePort();
  portalUrl = `http://localhost:${port}`;
  const trust = new MemoryTrustStore();
  trust.addAnchor(demoCaCertificateDer());
  portal = await buildPortal({
    origin: portalUrl, appUrl: `${app.url}sign?demo=1`, trust, store: new MemoryChallengeStore(), audit: new MemoryAuditLog(),
    rateLimit: { limit: 1000, windowMs: 60_000 },
  });
  await portal.listen({ port, host: '127.0.0.1' });
  browser = await launchBrowser();
  tabA = await browser.context.newPage();
  tokenId = await openDemo(tabA, app.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await app?.close();
});

const tries = (page: Page) => page.locator('[data-testid="pin-tries"]').textContent();

/** Opens (or reloads: the same URL would be a fragment navigation only) the key's PIN page. */
async function pinPage(page: Page): Promise<void> {
  const url = `${app.url}${tokenHash(tokenId, true)}`;
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  await page.locator('[data-testid="verify-form"], [data-testid="pin-blocked"]').first().waitFor({ state: 'visible', timeout: 60_000 });
}

/** On the PIN page of `page`: the factory PIN becomes NEW_PIN, and the screen says so. */
async function changeFactoryPin(page: Page): Promise<void> {
  await pinPage(page);
  const change = page.locator('[data-testid="change-form"]');
  await change.locator('#change-current').fill(FACTORY_PIN);
  await change.locator('#change-new').fill(NEW_PIN);
  await change.locator('#change-confirm').fill(NEW_PIN);
  await change.locator('button[type="submit"]').click();
  await page.locator('[data-testid="change-ok"]').waitFor({ state: 'visible', timeout: 30_000 });
}

async function openPopup(): Promise<{ portalPage: Page; popup: Page }> {
  await browser.context.clearCookies();
  const portalPage = await browser.context.newPage();
  await portalPage.goto(`${portalUrl}/`);
  const [popup] = await Promise.all([browser.context.waitForEvent('page'), portalPage.locator('#ukey-login').click()]);
  await popup.locator('[data-testid="sign-cert"]').waitFor({ state: 'visible', timeout: 60_000 });
  return { portalPage, popup };
}

async function typePin(popup: Page, pin: string): Promise<void> {
  await popup.locator('#sign-pin').fill(pin);
  await popup.locator('[data-testid="sign-confirm"]').click();
}

describe('the demo is one key', () => {
  it('the banner names the demo PIN and PUK', async () => {
    const secrets = (await tabA.locator('[data-testid="demo-secrets"]').textContent()) ?? '';
    expect(secrets).toContain(FACTORY_PIN);
    expect(secrets).toContain('12345678');
  });

  it('a PIN changed in one tab is the PIN in a second tab (plugged in by itself) and in the sign popup', async () => {
    await changeFactoryPin(tabA);

    // A second tab opened without ?demo=1: the demo key is plugged in, and the new PIN is its PIN.
    tabB = await browser.context.newPage();
    await pinPage(tabB);
    await expect.poll(() => tries(tabB), { timeout: 30_000 }).toContain('：3');
    expect(await tabB.locator('[data-testid="default-pin-warning"]').count()).toBe(0);
    const verify = tabB.locator('[data-testid="verify-form"]');
    await verify.locator('#verify-pin').fill(NEW_PIN);
    await verify.locator('button[type="submit"]').click();
    await tabB.locator('[data-testid="verify-ok"]').waitFor({ state: 'visible', timeout: 30_000 });

    // The popup: the factory PIN is now wrong (one try spent), the new PIN signs in.
    const { portalPage, popup } = await openPopup();
    await typePin(popup, FACTORY_PIN);
    await popup.locator('.error-panel[data-error-name="WrongPinError"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => tries(popup), { timeout: 20_000 }).toMatch(/2/);
    await typePin(popup, NEW_PIN);
    await portalPage.waitForURL(`${portalUrl}/me`, { timeout: 60_000 });
    await portalPage.close();
  });

  it('a PIN blocked in the popup shows blocked in both tabs, and a reload keeps it', async () => {
    const { portalPage, popup } = await openPopup();
    await typePin(popup, '902817');
    await popup.locator('.error-panel[data-error-name="WrongPinError"]').waitFor({ timeout: 30_000 });
    await typePin(popup, '583046');
    await popup.locator('#sign-last-try').waitFor({ timeout: 30_000 });
    await popup.locator('#sign-pin').fill('461739');
    await popup.locator('#sign-last-try').check();
    await popup.locator('[data-testid="sign-confirm"]').click();
    await expect.poll(() => portalPage.locator('#status').getAttribute('data-code'), { timeout: 30_000 }).toBe('PIN_BLOCKED');
    await portalPage.close();
    for (const tab of [tabA, tabB]) {
      await pinPage(tab); // a reload of the PIN page
      await tab.locator('[data-testid="pin-blocked"]').waitFor({ state: 'visible', timeout: 30_000 });
    }
    await saveScreenshot(tabB, 'demo-one-key-blocked-second-tab');
  });

  it('leaving the demo deletes the card: the next demo is factory-fresh', async () => {
    await tabA.goto(`${app.url}#/`);
    await tabA.locator('[data-testid="leave-demo"]').click();
    await tabA.locator('[data-testid="leave-demo-yes"]').click();
    await tabA.locator('[data-testid="demo-banner"]').waitFor({ state: 'detached', timeout: 30_000 });
    await tabB.close();
    tokenId = await openDemo(tabA, app.url, { keepCard: true });
    await pinPage(tabA);
    await expect.poll(() => tries(tabA), { timeout: 30_000 }).toContain('：3');
    const verify = tabA.locator('[data-testid="verify-form"]');
    await verify.locator('#verify-pin').fill(FACTORY_PIN);
    await verify.locator('button[type="submit"]').click();
    await tabA.locator('[data-testid="verify-ok"]').waitFor({ state: 'visible', timeout: 30_000 });
  });
});

/**
 * Issue 16 "Done when" for the demo's visible parts: the banner with its PIN and PUK, a PIN change in one tab
 * seen in a second tab, and leaving the demo clearing its records — in zh-CN and en at 1280×800 and 390×844,
 * axe clean, no sideways scroll, no word broken at 390 px, screenshots in /tmp/ukey-shots/.
 */
describe('the demo as one key, in both languages and at both sizes', () => {
  for (const lang of LANGS) {
    for (const size of SIZES) {
      it(`banner with PIN and PUK, PIN change seen in a second tab, leaving clears the records (${lang}, ${size})`, async () => {
        await tabA.setViewportSize(VIEWPORT[size]);
        tokenId = await openDemo(tabA, app.url);
        await setLanguage(tabA, lang);
        const secrets = await tabA.locator('[data-testid="demo-secrets"]').innerText();
        expect(secrets).toContain(FACTORY_PIN);
        expect(secrets).toContain('12345678');
        expect(await checkScreen(tabA, 'demo-banner', lang, size)).toEqual(CLEAN);

        await changeFactoryPin(tabA);

        tabB = await browser.context.newPage();
        await tabB.setViewportSize(VIEWPORT[size]);
        await pinPage(tabB);
        await setLanguage(tabB, lang);
        await expect.poll(() => tries(tabB), { timeout: 30_000 }).toMatch(/[:：]\s*3\b/);
        expect(await tabB.locator('[data-testid="default-pin-warning"]').count()).toBe(0);
        const verify = tabB.locator('[data-testid="verify-form"]');
        await verify.locator('#verify-pin').fill(NEW_PIN);
        await verify.locator('button[type="submit"]').click();
        await tabB.locator('[data-testid="verify-ok"]').waitFor({ state: 'visible', timeout: 30_000 });
        expect(await checkScreen(tabB, 'demo-second-tab-pin', lang, size)).toEqual(CLEAN);
        await tabB.close();

        // Leaving the demo: no demo key on the dashboard, and nothing of it left in the app's storage — its
        // token record (serial 33710354), certificates and card state (the certificates' serial digits).
        await tabA.goto(`${app.url}#/`);
        expect(await dumpOriginStorage(tabA).then((d) => d.split(CACHE_MARK)[0])).toContain(DEMO_SERIAL);
        await tabA.locator('[data-testid="leave-demo"]').click();
        await tabA.locator('[data-testid="leave-demo-yes"]').click();
        await tabA.locator('[data-testid="demo-banner"]').waitFor({ state: 'detached', timeout: 30_000 });
        await expect.poll(() => tabA.locator('article.token-card').count(), { timeout: 30_000 }).toBe(0);
        expect(await checkScreen(tabA, 'demo-left', lang, size)).toEqual(CLEAN);
        // Every IndexedDB store, the sign-in card cache (cardCertificates) included.
        const left = (await dumpOriginStorage(tabA)).split(CACHE_MARK)[0]!;
        expect(left.includes(DEMO_SERIAL), 'a record of the demo key is left after leaving the demo').toBe(false);
        expect(left.includes(`"tokenId":"${tokenId}"`), 'a record naming the demo token is left after leaving the demo').toBe(false);
      });
    }
  }
});
