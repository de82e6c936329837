/**
 * The PIN page as a clerk meets it (issue 8 §2), in both languages: a reload shows "reading the key…" and
 * never a false "not found"; messages belong to the form that caused them; a wrong PUK is named as the PUK;
 * unblock and change confirm with the new state; "忘记 PIN？" leads to the PUK or the CA without spending a
 * try; a key that is not plugged in is named and its forms hidden. Demo token: PIN 123456, PUK 12345678.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorPanelsSeen, launchBrowser, openDemo, recordErrorPanels, saveScreen, setLanguage, startPreviewServer, tokenHash,
  DESK, PHONE, type AppLang, type LaunchedBrowser, type PreviewServer,
} from './support';

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

const TEXT = {
  'zh-CN': { tries: (n: number) => `PIN 剩余尝试次数：${n}`, wrongPuk: 'PUK 不正确，还剩 2 次', pukHint: '不是 CA 发来的解锁码', unblocked: 'PIN 已解锁，新 PIN 已生效', reset: '恢复为 3 次', changed: 'PIN 已修改，新 PIN 已生效', insert: '请插入“', absent: '仍然没有找到这支 UKEY' },
  en: { tries: (n: number) => `PIN tries left: ${n}`, wrongPuk: 'The PUK is wrong, 2 tries left', pukHint: 'not the unlock code a CA sends', unblocked: 'The PIN is unblocked and the new PIN is in effect', reset: 'back to 3', changed: 'The PIN was changed and the new PIN is in effect', insert: 'Plug in the UKEY “', absent: 'still not found' },
} as const;

async function fillUnblock(page: Page, puk: string, pin: string): Promise<void> {
  const form = page.locator('[data-testid="unblock-form"]');
  await form.locator('#unblock-puk').fill(puk);
  await form.locator('#unblock-new').fill(pin);
  await form.locator('#unblock-confirm').fill(pin);
  await form.locator('button[type="submit"]').click();
}

const triesText = (page: Page) => page.locator('[data-testid="pin-tries"]').textContent();

for (const lang of ['zh-CN', 'en'] as const satisfies readonly AppLang[]) {
  describe(`PIN page (${lang})`, () => {
    let page: Page;
    let tokenId: string;
    const text = TEXT[lang];

    beforeAll(async () => {
      page = await browser.context.newPage();
      await page.setViewportSize(DESK);
      await recordErrorPanels(page);
      tokenId = await openDemo(page, server.url);
      await setLanguage(page, lang);
    });

    afterAll(async () => {
      await page.close();
    });

    it('a reload on the PIN page shows "reading the key…", then the forms, and never an error', async () => {
      await page.goto(`${server.url}${tokenHash(tokenId, true)}`);
      await page.locator('[data-testid="verify-form"]').waitFor({ state: 'visible', timeout: 60_000 });
      await expect.poll(() => triesText(page), { timeout: 20_000 }).toContain(text.tries(3));
      expect(await errorPanelsSeen(page)).toEqual([]);
      await saveScreen(page, lang, 'desk', 'pin');
    });

    it('"forgot the PIN" offers the PUK or the CA without spending a try', async () => {
      await page.locator('[data-testid="forgot-pin"]').click();
      await page.locator('[data-testid="forgot-no-puk"]').click();
      await page.locator('[data-testid="ca-unlock"]').waitFor({ state: 'visible' });
      await page.locator('[data-testid="forgot-have-puk"]').click();
      await page.locator('[data-testid="unblock-form"]').waitFor({ state: 'visible' });
      expect(await page.locator('[data-testid="unblock-puk-hint"]').textContent()).toContain(text.pukHint);
      expect(await triesText(page)).toContain(text.tries(3));
      await saveScreen(page, lang, 'desk', 'pin-forgot');
    });

    it('a wrong PUK says "PUK", with the PUK tries left, and leaves the PIN count alone', async () => {
      await fillUnblock(page, '87654321', 'Ne4Pin12');
      const panel = page.locator('[data-testid="puk-error"]');
      await panel.waitFor({ state: 'visible', timeout: 20_000 });
      expect(await panel.textContent()).toContain(text.wrongPuk);
      expect(await page.locator('[data-error-name="WrongPinError"]').count()).toBe(0);
      expect(await triesText(page)).toContain(text.tries(3));
      await saveScreen(page, lang, 'desk', 'pin-puk-wrong');
    });

    it('the right PUK confirms the unblock with the tries reset', async () => {
      await fillUnblock(page, '12345678', 'Ne4Pin12');
      const ok = page.locator('[data-testid="unblock-ok"]');
      await ok.waitFor({ state: 'visible', timeout: 20_000 });
      expect(await ok.textContent()).toContain(text.unblocked);
      expect(await ok.textContent()).toContain(text.reset);
      expect(await page.locator('[data-testid="puk-error"]').count()).toBe(0); // the old message is gone
    });

    it('messages belong to one form: a wrong PIN, then a change, never two panels', async () => {
      const verify = page.locator('[data-testid="verify-form"]');
      await verify.locator('#verify-pin').fill('000000');
      await verify.locator('button[type="submit"]').click();
      await verify.locator('[data-error-name="WrongPinError"]').waitFor({ state: 'visible', timeout: 20_000 });
      expect(await page.locator('[data-testid="unblock-ok"]').count()).toBe(0);
      const change = page.locator('[data-testid="change-form"]');
      await change.locator('#change-current').fill('Ne4Pin12');
      await change.locator('#change-new').fill('Ab12cd34');
      await change.locator('#change-confirm').fill('Ab12cd34');
      await change.locator('button[type="submit"]').click();
      const ok = page.locator('[data-testid="change-ok"]');
      await ok.waitFor({ state: 'visible', timeout: 20_000 });
      expect(await ok.textContent()).toContain(text.changed);
      expect(await page.locator('.error-panel').count()).toBe(0);
      expect(await triesText(page)).toContain(text.tries(3));
      await saveScreen(page, lang, 'desk', 'pin-changed');
      await page.setViewportSize(PHONE);
      await saveScreen(page, lang, 'phone', 'pin-changed');
      await page.setViewportSize(DESK);
    });

    it('a key that is not plugged in is named, its forms hidden, and "read again" answers', async () => {
      // A new tab without the demo flag, and no demo card saved for the origin (issue 16 §2: a saved one would be
      // plugged in by itself): the demo key's records are cached, the virtual card is not running.
      const other = await browser.context.newPage();
      await other.goto(`${server.url}manifest.webmanifest`);
      await other.evaluate(() => new Promise<void>((resolve) => {
        const req = indexedDB.deleteDatabase('ukey-demo-card');
        req.onsuccess = req.onerror = req.onblocked = () => resolve();
      }));
      await other.goto(`${server.url}${tokenHash(tokenId, true)}`);
      const absent = other.locator('[data-testid="key-absent"]');
      await absent.waitFor({ state: 'visible', timeout: 60_000 });
      expect(await absent.textContent()).toContain(text.insert);
      expect(await other.locator('[data-testid="verify-form"]').count()).toBe(0);
      await other.locator('[data-testid="reread"]').click();
      await expect.poll(() => other.locator('[data-testid="reread-answer"]').textContent(), { timeout: 20_000 }).toContain(text.absent);
      await saveScreen(other, lang, 'desk', 'pin-absent');
      await other.setViewportSize(PHONE);
      await saveScreen(other, lang, 'phone', 'pin-absent');
      await other.close();
    });
  });
}
