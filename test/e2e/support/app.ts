/** App-level steps shared by the E2E tests; selectors prefer roles, labels and the data attributes the UI sets. */
import type { Page } from 'playwright-core';

export type AppLang = 'zh-CN' | 'en';

/** The demo card's own database (src/sources/demo-card-store.ts): one card shared by every window of the origin. */
const DEMO_CARD_DB = 'ukey-demo-card';

/**
 * Opens `/?demo=1` (pairs the virtual demo token) and waits for its card on the dashboard. Returns its id.
 * The demo card is one key for the whole origin and survives reloads (issue 16 §2); unless `keepCard`, its saved
 * state is deleted first, so each test page starts from the factory PIN as a test written for one page expects.
 */
export async function openDemo(page: Page, baseUrl: string, options: { readonly keepCard?: boolean } = {}): Promise<string> {
  if (!options.keepCard) {
    await page.goto(`${baseUrl}manifest.webmanifest`);
    await page.evaluate((name) => new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    }), DEMO_CARD_DB);
  }
  await page.goto(`${baseUrl}?demo=1#/`);
  const card = page.locator('article.token-card[data-token-id]').first();
  await card.waitFor({ state: 'visible', timeout: 60_000 });
  const id = await card.getAttribute('data-token-id');
  if (!id) throw new Error('demo token card has no data-token-id');
  // Certificates are read and cached after pairing; wait until at least one is listed, read live from the
  // running demo card (a card cached by an earlier test in the same profile shows before the demo starts).
  await card.locator('.cert-list li').first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('article.token-card[data-live="true"]').first().waitFor({ state: 'visible', timeout: 60_000 });
  return id;
}

/** Switches the UI language with the header's language button (it carries the other language's `lang`). */
export async function setLanguage(page: Page, lang: AppLang): Promise<void> {
  const other: AppLang = lang === 'en' ? 'zh-CN' : 'en';
  const toTarget = page.locator(`header button[lang="${lang}"]`);
  if ((await toTarget.count()) > 0) await toTarget.first().click();
  await page.locator(`header button[lang="${other}"]`).first().waitFor({ state: 'visible', timeout: 10_000 });
}

/** Hash route for a token id (ids contain ':'; the router URI-encodes path parts). */
export function tokenHash(tokenId: string, pin = false): string {
  return `#/token/${encodeURIComponent(tokenId)}${pin ? '/pin' : ''}`;
}
