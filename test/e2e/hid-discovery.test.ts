/**
 * WebHID discovery on the pairing screen (issue 11 §2), in Chromium with a fake `navigator.hid` standing in for the
 * browser's device chooser (no HID key is attached to this machine): the chooser is asked with the table's vendor
 * IDs and the FIDO page excluded; the chosen key's description gives its verdict; nothing is ever opened or sent;
 * the diagnostics export lists the same summary.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startPreviewServer, type LaunchedBrowser, type PreviewServer } from './support';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;

/** Installed before the app loads: a GM3000C-like composite key with a vendor-defined HID collection. */
const FAKE_HID = `(() => {
  const calls = [];
  const device = {
    vendorId: 0x055c, productId: 0xf603, productName: 'GM3000C', opened: false,
    collections: [{ usagePage: 0xff00, usage: 1, type: 1, children: [],
      inputReports: [{ reportId: 0, items: [{ reportSize: 8, reportCount: 64 }] }],
      outputReports: [{ reportId: 0, items: [{ reportSize: 8, reportCount: 64 }] }], featureReports: [] }],
    open: async () => { calls.push('open'); }, close: async () => { calls.push('close'); },
    sendReport: async () => { calls.push('sendReport'); }, sendFeatureReport: async () => { calls.push('sendFeatureReport'); },
    receiveFeatureReport: async () => { calls.push('receiveFeatureReport'); },
  };
  window.__hid = { calls, requests: [] };
  Object.defineProperty(navigator, 'hid', { value: {
    requestDevice: async (options) => { window.__hid.requests.push(options); return [device]; },
    getDevices: async () => [device],
    addEventListener() {}, removeEventListener() {},
  } });
})();`;

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchBrowser();
  const context = await browser.browser!.newContext({ locale: 'zh-CN', acceptDownloads: true });
  await context.addInitScript(FAKE_HID);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('HID keys on the pairing screen', () => {
  it('asks the chooser with the table’s vendor IDs (FIDO excluded) and shows the verdict, sending nothing', async () => {
    await page.goto(`${server.url}#/pair`);
    await page.locator('[data-testid="hid-button"]').click();
    const verdict = page.locator('[data-testid="hid-verdict"]');
    await verdict.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await verdict.getAttribute('data-verdict')).toBe('vendor-collection');
    expect(await verdict.textContent()).toContain('055C:F603');
    expect(await verdict.textContent()).toContain('没有向它发送任何数据');
    const seen = (await page.evaluate('window.__hid')) as { calls: string[]; requests: Array<{ filters: Array<{ vendorId: number }>; exclusionFilters: Array<{ usagePage: number }> }> };
    expect(seen.requests[0]!.filters.map((f) => f.vendorId)).toContain(0x055c);
    expect(seen.requests[0]!.exclusionFilters).toEqual([{ usagePage: 0xf1d0 }]);
    expect(seen.calls).toEqual([]); // never opened, no output or feature report
  });

  it('the diagnostics export carries the same HID summary', async () => {
    await page.evaluate(() => {
      location.hash = '#/env';
    });
    await page.locator('[data-testid="env-verdict"]').waitFor({ state: 'visible', timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-diagnostics"]').click()]);
    const data = JSON.parse(readFileSync(await download.path(), 'utf8')) as { hid: Array<{ id: string; verdict: string; reportsSent: boolean }> };
    expect(data.hid).toEqual([expect.objectContaining({ id: '055C:F603', verdict: 'vendor-collection', reportsSent: false })]);
    expect(((await page.evaluate('window.__hid')) as { calls: string[] }).calls).toEqual([]);
  });
});
