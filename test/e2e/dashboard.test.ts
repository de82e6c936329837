/**
 * The dashboard for a clerk with four keys (issue 8 §3), in both languages: labels in pinyin order after the
 * keys due for renewal, a summary line, role names on every certificate row, renewal deadlines from the CA
 * profile, notes, removing a key and leaving the demo, each behind a confirmation. Three keys are copies of
 * the demo key's records in IndexedDB (as in the UX walk); one of them expired 45 days ago under the 12309
 * rule (no extension after 30 days).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openDemo, saveScreen, setLanguage, startPreviewServer, DESK, PHONE, type AppLang, type LaunchedBrowser, type PreviewServer } from './support';

let server: PreviewServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Copies the demo key's records under three more ids, in the page's own IndexedDB. */
async function seedFourKeys(page: Page, demoId: string): Promise<void> {
  await page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('ukey-assistant');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const get = <T,>(store: string, query?: IDBValidKey | IDBKeyRange, index?: string) =>
      new Promise<T>((resolve, reject) => {
        const s = db.transaction(store).objectStore(store);
        const r = index ? s.index(index).getAll(query) : s.get(query as IDBValidKey);
        r.onsuccess = () => resolve(r.result as T);
        r.onerror = () => reject(r.error);
      });
    type Rec = Record<string, unknown> & { report: Record<string, unknown> | null; keyRef: number };
    const token = await get<Record<string, unknown>>('tokens', id);
    const certs = await get<Rec[]>('certificates', id, 'byToken');
    const tx = db.transaction(['tokens', 'certificates'], 'readwrite');
    tx.objectStore('tokens').put({ ...token, label: '信访' });
    const expiredAt = new Date(Date.now() - 45 * 86_400_000).toISOString();
    const copies: Array<{ id: string; label: string; expired: boolean }> = [
      { id: `${id}-2`, label: '案管', expired: false },
      { id: `${id}-3`, label: '信息发布', expired: true },
      { id: `${id}-4`, label: '代表委员联络', expired: false },
    ];
    for (const copy of copies) {
      tx.objectStore('tokens').put({ ...token, id: copy.id, label: copy.label, isDemo: false, serialNumber: `3371${copy.id.slice(-1)}000` });
      for (const cert of certs) {
        if (!copy.expired && cert.keyRef === 0x9d) continue; // only the demo key keeps its expiring 9D
        const report = copy.expired && cert.report ? { ...cert.report, notAfter: expiredAt, status: 'expired', daysLeft: -45, caProfileId: '12309' } : cert.report;
        tx.objectStore('certificates').put({ ...cert, tokenId: copy.id, report });
      }
    }
    await new Promise((resolve) => { tx.oncomplete = resolve; });
    db.close();
  }, demoId);
}

const TEXT = {
  'zh-CN': { summary: /^4 支 UKEY，1 支已过期，1 支 \d+ 天后到期$/, tooLate: '超过 30 天不能延期', renewBy: '最晚', roles: ['身份认证', '签名', '加密'] },
  en: { summary: /^4 UKEYs, 1 expired, 1 expiring in \d+ days$/, tooLate: 'more than 30 days', renewBy: 'Renew by', roles: ['Authentication', 'Signature', 'Encryption'] },
} as const;

const titles = (page: Page) => page.locator('article.token-card h2').allTextContents();

for (const lang of ['zh-CN', 'en'] as const satisfies readonly AppLang[]) {
  describe(`dashboard with four keys (${lang})`, () => {
    let page: Page;
    let demoId: string;
    const text = TEXT[lang];

    beforeAll(async () => {
      const context = await browser.browser!.newContext({ locale: 'zh-CN', viewport: DESK });
      page = await context.newPage();
      demoId = await openDemo(page, server.url);
      await seedFourKeys(page, demoId);
      await setLanguage(page, lang);
      await page.reload();
      await page.locator('article.token-card[data-live="true"]').waitFor({ state: 'visible', timeout: 60_000 });
    });

    afterAll(async () => {
      await page.context().close();
    });

    it('puts keys due for renewal first, then the labels in pinyin order, under a summary line', async () => {
      await expect.poll(() => titles(page)).toEqual(['信息发布', '信访', '案管', '代表委员联络']);
      expect((await page.locator('[data-testid="dashboard-summary"]').textContent())?.trim()).toMatch(text.summary);
      await page.locator('[data-testid="reminder-notice"]').waitFor({ state: 'visible' });
      await saveScreen(page, lang, 'desk', 'dashboard-four-keys');
      await page.setViewportSize(PHONE);
      await saveScreen(page, lang, 'phone', 'dashboard-four-keys');
      await page.setViewportSize(DESK);
    });

    it('shows the deadline from the CA rule and names every certificate row by its role', async () => {
      const expired = page.locator('article.token-card').nth(0);
      expect(await expired.locator('[data-testid="deadline"]').first().textContent()).toContain(text.tooLate);
      const demo = page.locator('article.token-card').nth(1);
      expect(await demo.locator('[data-testid="deadline"]').first().textContent()).toContain(text.renewBy);
      // Inside its window the deadline leads to the renewal screen of that certificate; too late, it does not.
      expect(await demo.locator('[data-testid="renew-button"]').getAttribute('href')).toMatch(/\/renew\/9d$/);
      expect(await expired.locator('[data-testid="renew-button"]').count()).toBe(0);
      const roles = await demo.locator('.cert-role').allTextContents();
      for (const role of text.roles) expect(roles.some((r) => r.startsWith(role))).toBe(true);
      const rows = await demo.locator('.cert-list li').allTextContents();
      expect(new Set(rows).size).toBe(rows.length); // no two rows alike
      expect(await demo.locator('[data-testid="plug-state"]').getAttribute('class')).toContain('in');
      expect(await page.locator('article.token-card').nth(2).locator('[data-testid="plug-state"]').getAttribute('class')).toContain('out');
    });

    it('keeps notes with a key across a reload', async () => {
      const card = page.locator('article.token-card').nth(2);
      await card.locator('.key-notes summary').click();
      await card.locator('textarea').fill('王科员保管；CA 登记联系人 王某 0000');
      await card.locator('.key-notes button[type="submit"]').click();
      await card.locator('.key-notes [role="status"]').waitFor({ state: 'visible' });
      await page.reload();
      await page.locator('article.token-card[data-live="true"]').waitFor({ state: 'visible', timeout: 60_000 });
      expect(await page.locator('article.token-card').nth(2).locator('.notes-preview').textContent()).toContain('王科员保管');
    });

    it('removes a key only after the confirmation, and it stays removed', async () => {
      const card = page.locator('article.token-card', { hasText: '代表委员联络' });
      await card.locator('[data-testid="remove-key"]').click();
      await card.locator('[data-testid="remove-key-confirm"]').waitFor({ state: 'visible' });
      await saveScreen(page, lang, 'desk', 'dashboard-remove-confirm');
      await card.locator('[data-testid="remove-key-yes"]').click();
      await expect.poll(() => titles(page)).toEqual(['信息发布', '信访', '案管']);
      await page.reload();
      await page.locator('article.token-card[data-live="true"]').waitFor({ state: 'visible', timeout: 60_000 });
      expect(await titles(page)).toEqual(['信息发布', '信访', '案管']);
    });

    it('leaves the demo after a confirmation: the demo key and the banner go', async () => {
      await page.locator('[data-testid="leave-demo"]').click();
      await page.locator('[data-testid="leave-demo-yes"]').click();
      await page.waitForURL((url) => !url.search.includes('demo=1'), { timeout: 30_000 });
      await page.locator('article.token-card').first().waitFor({ state: 'visible', timeout: 30_000 });
      await expect.poll(() => titles(page), { timeout: 30_000 }).toEqual(['信息发布', '案管']);
      expect(await page.locator('[data-testid="demo-banner"]').count()).toBe(0);
      await saveScreen(page, lang, 'desk', 'dashboard-after-demo');
    });
  });
}
