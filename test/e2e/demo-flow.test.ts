/**
 * The demo token end to end (issue 4 §4): pair → dashboard status → detail with SM2/RSA fields → wrong PIN
 * shows tries left and is not retried → last-try confirmation → change PIN with policy errors → default-PIN
 * warning → block and unblock with the PUK. The demo PIN is the PIV factory default 123456, PUK 12345678.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreenshot, setLanguage, startPreviewServer, tokenHash, type LaunchedBrowser, type PreviewServer } from './support';

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
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** In-app navigation: the demo card lives in the worker, so the document must not reload. */
async function go(hash: string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
}

const tries = () => page.locator('[data-testid="pin-tries"] .pin-count').first();

async function verify(pin: string): Promise<void> {
  const form = page.locator('[data-testid="verify-form"]');
  await form.locator('#verify-pin').fill(pin);
  await form.locator('button[type="submit"]').click();
}

async function expectTries(n: number): Promise<void> {
  await expect.poll(() => tries().textContent(), { timeout: 20_000 }).toContain(`：${n}`);
}

describe('demo token flow', () => {
  it('pairs the demo token from the pairing screen and shows certificate status on the dashboard', async () => {
    await page.goto(`${server.url}#/pair`);
    await page.locator('[data-testid="demo-button"]').click();
    const card = page.locator('article.token-card[data-token-id]').first();
    await card.locator('.cert-list li').first().waitFor({ state: 'visible', timeout: 60_000 });
    tokenId = (await card.getAttribute('data-token-id')) ?? '';
    expect(tokenId).not.toBe('');
    await expect.poll(() => card.locator('.badge[data-status]').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    const statuses = await card.locator('.badge[data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses).toContain('valid');
    expect(statuses).toContain('expiring'); // 9D expires in 10 days
    expect(await card.locator('.badge[data-status="expiring"]').first().textContent()).toMatch(/\d+ 天后过期/);
    expect(await page.locator('[data-testid="demo-label"]').textContent()).toBe('演示');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await card.locator('[data-testid="edit-label"]').click(); // the label is a title, edited on demand (issue 8 §3)
    await card.locator('input[id^="label-"]').fill('信访');
    await card.locator('form.label-form button[type="submit"]').click();
    await expect.poll(() => card.locator('h2').textContent()).toBe('信访');
    await saveScreenshot(page, 'demo-dashboard-zh');
  });

  it('shows SM2 and RSA fields, fingerprints and the token serial on the detail screen', async () => {
    await go(tokenHash(tokenId));
    await page.locator('article.cert').first().waitFor({ state: 'visible', timeout: 30_000 });
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('SM2');
    expect(text).toContain('RSA');
    expect(text).toContain('SHA-256 指纹');
    expect(text).toContain('统一社会信用代码');
    expect((await page.locator('[data-testid="token-serial"]').textContent())?.trim()).not.toBe('—');
    expect(await page.locator('article.cert').count()).toBeGreaterThanOrEqual(4);
    // Chain verdicts: the demo CA is a trust anchor for 9A; the SM2 certificate in 82 is self-signed and says why.
    expect(await page.locator('article.cert[data-key-ref="9A"] [data-testid="chain-status"]').textContent()).toContain('可信');
    const sm2Chain = page.locator('article.cert[data-key-ref="82"] [data-testid="chain-status"]');
    expect(await sm2Chain.textContent()).toContain('自签名');
    expect(await sm2Chain.locator('a').getAttribute('href')).toBe('#/guides/certificate-untrusted');
    await setLanguage(page, 'en');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('main').textContent()).toContain('SHA-256 fingerprint');
    await saveScreenshot(page, 'demo-detail-en');
    await setLanguage(page, 'zh-CN');
  });

  it('a wrong PIN shows the tries left and is not retried by itself', async () => {
    await go(tokenHash(tokenId, true));
    await expectTries(3);
    await verify('000000');
    await page.locator('[data-error-name="WrongPinError"]').waitFor({ state: 'visible', timeout: 20_000 });
    await expectTries(2);
    expect(await page.locator('#verify-pin').inputValue()).toBe(''); // cleared after the call
    await page.waitForTimeout(1500);
    // Leaving and coming back re-reads the status (no try spent): still 2, so nothing was retried.
    await go('#/');
    await page.locator('article.token-card').first().waitFor({ state: 'visible' });
    await go(tokenHash(tokenId, true));
    await expectTries(2);
    await saveScreenshot(page, 'demo-pin-wrong');
  });

  it('asks for explicit confirmation before the last try', async () => {
    await verify('000001');
    await expectTries(1);
    const submit = page.locator('[data-testid="verify-form"] button[type="submit"]');
    await page.locator('#verify-last-try').waitFor({ state: 'visible' });
    expect(await submit.isDisabled()).toBe(true);
    await page.locator('#verify-pin').fill('123456');
    await page.locator('#verify-last-try').check();
    await submit.click();
    await page.locator('[data-testid="verify-ok"]').waitFor({ state: 'visible', timeout: 20_000 });
    await expectTries(3);
  });

  it('warns that the PIN in use is a known default and leads to the change form', async () => {
    const warning = page.locator('[data-testid="default-pin-warning"]');
    await warning.waitFor({ state: 'visible' });
    expect(await warning.textContent()).toContain('默认');
    await warning.locator('a').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('change-current');
  });

  it('explains every PIN policy error, then changes the PIN', async () => {
    const form = page.locator('[data-testid="change-form"]');
    const submit = form.locator('button[type="submit"]');
    const codes = (id: string) => form.locator(`[data-testid="${id}-violations"] li`).evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(await form.locator('[data-testid="pin-policy"]').textContent()).toContain('6–8 位');
    await form.locator('#change-current').fill('123456');
    await form.locator('#change-new').fill('abc');
    await form.locator('#change-confirm').fill('abc');
    await submit.click();
    expect(await codes('change-new')).toEqual(['too-short']);
    await form.locator('#change-new').fill('abcdefghij');
    await form.locator('#change-confirm').fill('abcdefghij');
    await submit.click();
    expect(await codes('change-new')).toEqual(['too-long']);
    expect(await form.locator('#change-new').inputValue()).toBe('abcdefghij'); // never cut short
    await form.locator('#change-new').fill('111111');
    await form.locator('#change-confirm').fill('111111');
    await submit.click();
    expect(await codes('change-new')).toEqual(['is-default']);
    await form.locator('#change-new').fill('Pa55word');
    await form.locator('#change-confirm').fill('Pa55wore');
    await submit.click();
    expect(await codes('change-confirm')).toEqual(['mismatch']);
    await expectTries(3); // none of that reached the token
    await saveScreenshot(page, 'demo-pin-policy-errors');
    await form.locator('#change-confirm').fill('Pa55word');
    await submit.click();
    await page.locator('[data-testid="change-ok"]').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await page.locator('[data-testid="default-pin-warning"]').count()).toBe(0);
  });

  it('blocks the PIN, then unblocks it with the PUK', async () => {
    await verify('000000');
    await expectTries(2);
    await verify('000000');
    await expectTries(1);
    await page.locator('#verify-pin').fill('000000');
    await page.locator('#verify-last-try').check();
    await page.locator('[data-testid="verify-form"] button[type="submit"]').click();
    await page.locator('[data-testid="pin-blocked"]').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await page.locator('[data-testid="verify-form"]').count()).toBe(0);
    expect(await page.locator('[data-testid="ca-unlock"]').textContent()).toContain('解锁授权码');
    // Not registered with its CA: the CA's own route at once, no online unlock that would fail at the end
    // (issue 16 §2); nor the "change the default PIN" banner of a PIN that cannot be changed now.
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid="online-unlock-link"]').count()).toBe(0);
    expect(await page.locator('[data-testid="default-pin-warning"]').count()).toBe(0);
    await saveScreenshot(page, 'demo-pin-blocked');
    const form = page.locator('[data-testid="unblock-form"]');
    await form.locator('#unblock-puk').fill('12345678');
    await form.locator('#unblock-new').fill('Ne4Pin12');
    await form.locator('#unblock-confirm').fill('Ne4Pin12');
    await form.locator('button[type="submit"]').click();
    await page.locator('[data-testid="verify-form"]').waitFor({ state: 'visible', timeout: 20_000 });
    await expectTries(3);
    expect(await page.locator('[data-testid="unblock-ok"]').textContent()).toContain('PIN 已解锁'); // issue 8 §2
    await verify('Ne4Pin12');
    await page.locator('[data-testid="verify-ok"]').waitFor({ state: 'visible', timeout: 20_000 });
    expect(pageErrors).toEqual([]);
  });
});
