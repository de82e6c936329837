/**
 * Bad input (issue 4 §4): PIN fields with every policy violation (none reaches the token), any string in the
 * guide search, and a corrupted IndexedDB record (reported, never a blank app).
 */
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openDemo, saveScreenshot, startPreviewServer, tokenHash, type LaunchedBrowser, type PreviewServer } from './support';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  tokenId = await openDemo(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const pinCount = () => page.locator('[data-testid="pin-tries"] .pin-count').first().textContent();

describe('bad input', () => {
  it('PIN fields: password type, no autofill, no maxlength that would cut a PIN', async () => {
    await page.evaluate((h) => {
      location.hash = h; // in-app: the demo card lives in the worker
    }, tokenHash(tokenId, true));
    await expect.poll(pinCount, { timeout: 30_000 }).toContain('：3');
    for (const id of ['verify-pin', 'change-current', 'change-new', 'change-confirm']) {
      const input = page.locator(`#${id}`);
      expect(await input.getAttribute('type')).toBe('password');
      expect(await input.getAttribute('autocomplete')).toBe('off');
      expect(await input.getAttribute('maxlength')).toBeNull();
      expect(await page.locator(`label[for="${id}"]`).count()).toBe(1);
    }
  });

  it('every verify-field violation is explained and spends no try', async () => {
    const form = page.locator('[data-testid="verify-form"]');
    const cases: Array<[string, string]> = [
      ['', 'empty'],
      ['12345', 'too-short'],
      ['123456789', 'too-long'],
      ['密码密码密码', 'ascii-only'],
      ['12 456', 'ascii-only'],
    ];
    for (const [pin, code] of cases) {
      await form.locator('#verify-pin').fill(pin);
      await form.locator('button[type="submit"]').click();
      const codes = await form.locator('[data-testid="verify-pin-violations"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
      expect(codes).toContain(code);
      expect(await form.locator('#verify-pin').getAttribute('aria-invalid')).toBe('true');
    }
    expect(await page.locator('[data-error-name]').count()).toBe(0);
    expect(await pinCount()).toContain('：3');
  });

  it('every change-field violation is explained in English too and spends no try', async () => {
    await page.locator('header button[lang="en"]').click();
    const form = page.locator('[data-testid="change-form"]');
    const violations = async (id: string) =>
      form.locator(`[data-testid="${id}-violations"] li`).evaluateAll((els) => els.map((e) => [e.getAttribute('data-code'), e.textContent]));
    const attempt = async (current: string, next: string, confirm: string) => {
      await form.locator('#change-current').fill(current);
      await form.locator('#change-new').fill(next);
      await form.locator('#change-confirm').fill(confirm);
      await form.locator('button[type="submit"]').click();
    };
    await attempt('', '', '');
    expect((await violations('change-current'))[0]?.[0]).toBe('empty');
    expect((await violations('change-new'))[0]?.[0]).toBe('empty');
    await attempt('123456', 'abcdefghijk', 'abcdefghijk');
    expect(await violations('change-new')).toEqual([['too-long', expect.stringContaining('not cut short')]]);
    await attempt('123456', '１２３４５６', '１２３４５６');
    expect((await violations('change-new')).map((v) => v[0])).toEqual(['ascii-only']);
    await attempt('123456', '123456', '123456');
    expect((await violations('change-new')).map((v) => v[0])).toEqual(['is-default', 'same-as-old']);
    await attempt('123456', 'Abc12345', 'Abc1234');
    expect((await violations('change-confirm')).map((v) => v[0])).toEqual(['mismatch']);
    expect(await pinCount()).toContain(': 3');
    await saveScreenshot(page, 'bad-input-pin-en');
    await page.locator('header button[lang="zh-CN"]').click();
  });

  // Headless Chromium shows no chooser; these stand in for what Chrome answers (WebUSB §6: NotFoundError on cancel).
  const pairWith = async (script: string, check: (other: Page) => Promise<void>) => {
    const other = await browser.context.newPage();
    try {
      await other.addInitScript(script);
      await other.goto(`${server.url}#/pair`);
      await other.locator('[data-testid="pair-button"]').click();
      await check(other);
    } finally {
      await other.close();
    }
  };

  it('closing the chooser is the user’s choice: a neutral line, no red panel (issue 8 §1)', async () => {
    await pairWith('navigator.usb.requestDevice = () => Promise.reject(new DOMException("No device selected.", "NotFoundError"));', async (other) => {
      await other.locator('[data-testid="pair-cancelled"]').waitFor({ state: 'visible', timeout: 20_000 });
      expect(await other.locator('.error-panel').count()).toBe(0);
      expect(await other.locator('[data-testid="pair-cancelled"]').textContent()).toContain('选择 UKEY'); // the real button's name
    });
  });

  it('a browser without WebUSB is told so, with its guide', async () => {
    await pairWith('Object.defineProperty(Navigator.prototype, "usb", { get: () => undefined });', async (other) => {
      const panel = other.locator('[data-error-name="WebUsbUnavailableError"]');
      await panel.waitFor({ state: 'visible', timeout: 20_000 });
      expect(await panel.locator('a[href="#/guides/webusb-missing"]').count()).toBe(1);
    });
  });

  it('a SecurityError from a policy is a block, not "no WebUSB" (issue 8 §1)', async () => {
    await pairWith('navigator.usb.requestDevice = () => Promise.reject(new DOMException("blocked", "SecurityError"));', async (other) => {
      const panel = other.locator('[data-testid="pair-blocked"]');
      await panel.waitFor({ state: 'visible', timeout: 20_000 });
      expect(await panel.textContent()).toContain('策略');
      expect(await other.locator('[data-error-name="WebUsbUnavailableError"]').count()).toBe(0);
    });
  });

  it('the guide search takes any string without breaking the page', async () => {
    await page.goto(`${server.url}#/guides`);
    const search = page.getByRole('searchbox');
    await search.waitFor({ state: 'visible', timeout: 30_000 });
    const samples = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { numRuns: 40, seed: 4 });
    for (const text of [...samples, '', '"', "'; DROP TABLE", '<img src=x onerror=alert(1)>', '*'.repeat(500), '证书过期 E1000']) {
      await search.fill(text);
      await expect.poll(() => page.locator('main').isVisible()).toBe(true);
    }
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('a corrupted IndexedDB record is reported and the dashboard still shows the tokens', async () => {
    await page.goto(`${server.url}#/`);
    await page.locator(`article.token-card[data-token-id="${tokenId}"] .cert-list li`).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.evaluate(
      (id) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('ukey-assistant');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['tokens', 'certificates'], 'readwrite');
            tx.objectStore('tokens').put({ id: 'gone:token', label: { broken: true } });
            tx.objectStore('certificates').put({ tokenId: id, keyRef: 0x9c, der: 'garbage', report: 7 });
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      tokenId,
    );
    await page.goto(`${server.url}#/`);
    await page.reload();
    await page.locator('[data-testid="corrupt-notice"]').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(`article.token-card[data-token-id="${tokenId}"]`).waitFor({ state: 'visible' });
    await saveScreenshot(page, 'bad-input-corrupt-record');
    // Pairing the demo token again re-reads it: its notice goes, the orphan's stays.
    await page.goto(`${server.url}?demo=1#/`);
    await expect.poll(() => page.locator('[data-testid="corrupt-notice"]').count(), { timeout: 30_000 }).toBe(1);
    // The re-read fills the card's list as it goes: wait for it rather than sampling it once.
    const slots = page.locator(`article.token-card[data-token-id="${tokenId}"] .cert-list li`);
    await expect.poll(() => slots.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    expect(pageErrors).toEqual([]);
  });
});
