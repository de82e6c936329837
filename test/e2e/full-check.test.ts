/**
 * 全面检查 (issue 8 §5), in both languages: the overall verdict comes first, then the problems (the demo key's
 * certificate inside its renewal window, its PIN still the default), then "not checked" items with why, the
 * fine ones folded; "导出诊断信息" writes JSON with the keys' public facts and the redacted APDU log — after a
 * PIN was verified, the file holds neither the PIN nor its bytes.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openDemo, saveScreen, setLanguage, startPreviewServer, tokenHash, DESK, PHONE, type AppLang, type LaunchedBrowser, type PreviewServer } from './support';

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

const DEMO_PIN = '123456';
const VERDICT = { 'zh-CN': /^有 \d+ 个问题需要处理$/, en: /^(1 problem|(?!1 )\d+ problems) to deal with$/ } as const;

/** In-app navigation: the demo card lives in this tab's worker. */
const go = (page: Page, hash: string) => page.evaluate((h) => { location.hash = h; }, hash);

for (const lang of ['zh-CN', 'en'] as const satisfies readonly AppLang[]) {
  describe(`全面检查 (${lang})`, () => {
    let page: Page;
    let tokenId: string;

    beforeAll(async () => {
      const context = await browser.browser!.newContext({ locale: 'zh-CN', viewport: DESK, acceptDownloads: true });
      page = await context.newPage();
      tokenId = await openDemo(page, server.url);
      await setLanguage(page, lang);
      // Verify the PIN once, so the APDU log holds a VERIFY the export must have redacted.
      await go(page, tokenHash(tokenId, true));
      await page.locator('#verify-pin').fill(DEMO_PIN);
      await page.locator('[data-testid="verify-form"] button[type="submit"]').click();
      await page.locator('[data-testid="verify-ok"]').waitFor({ state: 'visible', timeout: 30_000 });
      await go(page, '#/env');
      await page.locator('[data-testid="env-verdict"]').waitFor({ state: 'visible', timeout: 30_000 });
    });

    afterAll(async () => {
      await page.context().close();
    });

    it('puts one overall verdict first, then the problems, then what was not checked', async () => {
      await expect.poll(() => page.locator('[data-check-id="key-pin"]').getAttribute('data-status'), { timeout: 20_000 }).toBe('warn');
      expect((await page.locator('[data-testid="env-verdict"] .verdict-line').textContent())?.trim()).toMatch(VERDICT[lang]);
      const statuses = await page.locator('[data-testid="env-problems"] > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      expect(statuses.length).toBeGreaterThan(0);
      const rank = { fail: 0, warn: 1, unchecked: 2 } as Record<string, number>;
      expect(statuses.map((s) => rank[s ?? ''])).toEqual([...statuses.map((s) => rank[s ?? ''])].sort());
      expect(statuses).not.toContain('pass');
      expect(await page.locator('[data-check-id="key-certificates"]').getAttribute('data-status')).toBe('warn');
      // The certificate in its window has its 去延期 fix right in the check (issue 16 §3).
      expect(await page.locator('[data-check-id="key-certificates"] [data-testid="env-renew-links"] a').first().getAttribute('href')).toMatch(/\/renew\/9d$/);
      // The demo key is virtual: no USB permission is missing (issue 16 §3).
      expect(await page.locator('[data-check-id="usb-permission"]').getAttribute('data-status')).toBe('pass');
      // What a page cannot check is "not checked", never a green OK.
      expect(await page.locator('[data-check-id="web-smart-card"]').getAttribute('data-status')).toBe('unchecked');
      await saveScreen(page, lang, 'desk', 'full-check');
      await page.setViewportSize(PHONE);
      await saveScreen(page, lang, 'phone', 'full-check');
      await page.setViewportSize(DESK);
    });

    it('exports diagnostics as JSON with the redacted APDU log and never the PIN', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-diagnostics"]').click()]);
      const path = await download.path();
      const raw = readFileSync(path, 'utf8');
      const data = JSON.parse(raw) as { format: string; keys: Array<{ serialNumber: string; apduLog: unknown; certificates: unknown[] }>; environment: { checks: unknown[] } };
      expect(data.format).toBe('ukey-assistant-diagnostics/1');
      // The file starts with a Chinese summary a CA hotline can read (issue 16 §3): keys, certificates, problems.
      expect(Object.keys(data)[0]).toBe('说明');
      const summary = (data as unknown as { 说明: string[] }).说明.join('\n');
      expect(summary).toMatch(/UKEY：共 1 支/);
      expect(summary).toContain('介质序列号');
      expect(summary).toMatch(/全面检查发现 \d+ 个问题|全面检查：没有发现问题/);
      expect(summary).not.toContain(DEMO_PIN);
      expect(data.environment.checks.length).toBeGreaterThan(10);
      expect(data.keys[0]?.certificates.length).toBeGreaterThanOrEqual(4);
      expect(Array.isArray(data.keys[0]?.apduLog)).toBe(true);
      const log = data.keys[0]?.apduLog as string[];
      // The VERIFY of the PIN (INS 20, P2 80: SP 800-73-4 Part 2 §3.2.1) is in the log, its data redacted.
      const verify = log.filter((line) => /^> 00200080 08 /i.test(line));
      expect(verify.length).toBeGreaterThan(0);
      for (const line of verify) expect(line).toMatch(/^> 00200080 08 \*{16}$/);
      const pinHex = Buffer.from(DEMO_PIN).toString('hex');
      expect(log.join(' ').toLowerCase().replace(/[^0-9a-f]/g, '')).not.toContain(pinHex);
      expect(raw).not.toContain(`"${DEMO_PIN}"`);
      // Nor in the USB capture, base64-decoded.
      const capture = (data.keys[0] as unknown as { usbCapturePcapBase64: unknown }).usbCapturePcapBase64;
      if (typeof capture === 'string') expect(Buffer.from(capture, 'base64').includes(Buffer.from(DEMO_PIN))).toBe(false);
      await page.locator('[data-testid="exported"]').waitFor({ state: 'visible' });
    });
  });
}
