/**
 * Issue 16 "Done when", §2 online unlock: a key registered with its CA (registration offered while the PIN is
 * known), its PIN blocked, an unlock request filed — the request number has a copy button and the CA is named.
 * zh-CN and en at 1280×800 and 390×844, axe clean, no sideways scroll, no word broken at 390 px, screenshots in
 * /tmp/ukey-shots/. The reference CA runs on a free port; the demo CA address (127.0.0.1:8829, the demo profile's
 * fixed service) is routed to it by the browser context, so this file never needs port 8829 free.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLanguage, tokenHash, type AppLang, type CaProcess, type LaunchedBrowser, type PreviewServer } from './support';
import { CLEAN, LANGS, SIZES, VIEWPORT, checkScreen } from './support/matrix';
import { openDemoWithCa } from './support/demo-with-ca';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;
let ca: CaProcess;
const caDir = mkdtempSync(join(tmpdir(), 'ukey-e2e-unlock-matrix-'));
const go = (hash: string) => page.evaluate((h) => void (location.hash = h), hash);

beforeAll(async () => {
  ({ server, ca, browser, page, tokenId } = await openDemoWithCa(caDir));
  // Register while the PIN is known, block the PIN, then file the request.
  await go(`${tokenHash(tokenId)}/unlock`);
  await page.locator('[data-testid="unlock-register-pin"]').fill('123456');
  await page.locator('[data-testid="unlock-register-run"]').click();
  await page.locator('[data-testid="unlock-status"][data-registered="true"]').waitFor({ state: 'visible', timeout: 60_000 });
  await go(tokenHash(tokenId, true));
  const verify = page.locator('[data-testid="verify-form"]');
  await verify.waitFor({ state: 'visible', timeout: 30_000 });
  for (const i of [0, 1, 2]) {
    await verify.locator('#verify-pin').fill('000000');
    if (i === 2) await page.locator('#verify-last-try').check();
    await verify.locator('button[type="submit"]').click();
    if (i < 2) await verify.locator('[data-error-name="WrongPinError"]').waitFor({ state: 'visible', timeout: 30_000 });
    if (i === 1) await page.locator('#verify-last-try').waitFor({ state: 'visible', timeout: 30_000 });
  }
  await page.locator('[data-testid="pin-blocked"]').waitFor({ state: 'visible', timeout: 30_000 });
  await go(`${tokenHash(tokenId)}/unlock`);
  await page.locator('[data-testid="unlock-name"]').fill('经办人');
  await page.locator('[data-testid="unlock-phone"]').fill('010-00000000');
  await page.locator('[data-testid="unlock-request-run"]').click();
  await page.locator('[data-testid="unlock-request-filed"]').waitFor({ state: 'visible', timeout: 60_000 });
}, 240_000);

afterAll(async () => {
  await ca?.stop();
  await browser?.close();
  await server?.close();
  rmSync(caDir, { recursive: true, force: true });
});

const CA_NAME: Readonly<Record<AppLang, string>> = { 'zh-CN': 'UKey 助手演示 CA', en: 'UKey Assistant demo CA' };

for (const lang of LANGS) {
  describe(`a filed unlock request, ${lang}`, () => {
    beforeAll(async () => {
      await setLanguage(page, lang);
    });
    for (const size of SIZES) {
      it(`the request number with a copy button, the CA named, the code form (${size})`, async () => {
        await page.setViewportSize(VIEWPORT[size]);
        await go(`${tokenHash(tokenId)}/unlock`);
        const filed = page.locator('[data-testid="unlock-request-filed"]');
        await filed.waitFor({ state: 'visible', timeout: 30_000 });
        expect(await filed.getByRole('button').count()).toBe(1);
        expect(await page.locator('[data-testid="unlock-ca"]').innerText()).toContain(CA_NAME[lang]);
        expect(await page.locator('[data-testid="unlock-code"]').isVisible()).toBe(true);
        // What the screen says is what it takes: the code field's pattern is the CA's code length (16 digits,
        // src/servers/ca-server/README.md), so no sentence may promise another length.
        const digits = /\\d\{(\d+)\}/.exec((await page.locator('[data-testid="unlock-code"]').getAttribute('pattern')) ?? '')?.[1];
        expect(digits).toBe('16');
        expect(await page.locator('main').innerText()).not.toMatch(lang === 'zh-CN' ? /(?<!\d)8 位(解锁授权码|数字)/ : /(?<!\d)8[ -]digit/);
        expect(await checkScreen(page, 'unlock-request-filed', lang, size)).toEqual(CLEAN);
      });
    }
  });
}
