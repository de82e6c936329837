/**
 * Issue 16 "Done when", §2 online unlock, the two paths the matrix left:
 * - a wrong current PUK typed at REGISTRATION is named as the PUK's, with the PUK's tries ("PUK 不正确，还剩 N 次"),
 *   never as a PIN error — one wrong try on the card, then shown in zh-CN and en at both sizes;
 * - a used or expired 解锁授权码 leads straight to a new unlock request, not a dead end: the CA approves with a
 *   one-second lifetime (`approve-unlock --ttl 1`) or a single attempt spent on a wrong code
 *   (`--attempts 1`), the app says why and offers the request form, and a new request is filed from it.
 * zh-CN and en at 1280×800 and 390×844, axe clean, no sideways scroll, no word broken at 390 px, screenshots in
 * /tmp/ukey-shots/. The demo CA address is routed to the reference CA on a free port, as in the matrix.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, setLanguage, tokenHash, type AppLang, type CaProcess, type LaunchedBrowser, type PreviewServer } from './support';
import { CLEAN, LANGS, SIZES, VIEWPORT, checkScreen } from './support/matrix';
import { openDemoWithCa } from './support/demo-with-ca';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;
let ca: CaProcess;
const caDir = mkdtempSync(join(tmpdir(), 'ukey-e2e-unlock-gaps-'));
const go = (hash: string) => page.evaluate((h) => void (location.hash = h), hash);

/** The CA operator's side, as a CA clerk runs it. */
function caCli(...args: string[]): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/servers/ca-server/cli.ts', ...args, '--dir', caDir, '--demo'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`;
}

/** The newest request still waiting for the operator. */
function filedRequest(): string {
  const ids = [...caCli('unlock-requests').matchAll(/^(\S+)\tfiled/gm)].map((m) => m[1]!);
  expect(ids.length).toBeGreaterThan(0);
  return ids[ids.length - 1]!;
}

beforeAll(async () => {
  ({ server, ca, browser, page, tokenId } = await openDemoWithCa(caDir));
}, 240_000);

afterAll(async () => {
  await ca?.stop();
  await browser?.close();
  await server?.close();
  rmSync(caDir, { recursive: true, force: true });
});

const PUK_WRONG: Readonly<Record<AppLang, RegExp>> = { 'zh-CN': /PUK 不正确，还剩 (\d+) 次/, en: /PUK (?:is )?(?:wrong|incorrect)[^.]*?(\d+)/i };
const NOT_PIN: Readonly<Record<AppLang, RegExp>> = { 'zh-CN': /PIN 不正确/, en: /PIN (?:is )?(?:wrong|incorrect)/i };

describe('a wrong current PUK at online-unlock registration', () => {
  let triesAfter = -1;
  beforeAll(async () => {
    await setLanguage(page, 'zh-CN');
    await go(`${tokenHash(tokenId)}/unlock`);
    await page.locator('[data-testid="unlock-register"]').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('[data-testid="unlock-register-pin"]').fill('123456');
    await page.locator('[data-testid="unlock-current-puk"]').fill('87654321');
    await page.locator('[data-testid="unlock-register-run"]').click();
    await page.locator('[data-testid="puk-error"]').waitFor({ state: 'visible', timeout: 60_000 });
    const status = await page.locator('[data-testid="unlock-status"]').innerText();
    triesAfter = Number(/PUK[^\d]*(\d+)/.exec(status)?.[1] ?? '-1');
  }, 120_000);

  for (const lang of LANGS) {
    for (const size of SIZES) {
      it(`says "PUK wrong" with the PUK's tries, never the PIN's (${lang}, ${size})`, async () => {
        await setLanguage(page, lang);
        await page.setViewportSize(VIEWPORT[size]);
        const panel = await page.locator('[data-testid="puk-error"]').innerText();
        const told = PUK_WRONG[lang].exec(panel);
        expect(told, panel).not.toBeNull();
        // The tries in the error are the card's PUK counter, as the status line re-read after the refusal says.
        expect(Number(told![1])).toBe(triesAfter);
        expect(await page.locator('main').innerText()).not.toMatch(NOT_PIN[lang]);
        expect(await checkScreen(page, 'gaps-unlock-register-wrong-puk', lang, size)).toEqual(CLEAN);
      });
    }
  }

  it('registers with the right PIN and the factory PUK afterwards (the PUK counter is reset by the card)', async () => {
    await setLanguage(page, 'zh-CN');
    await page.locator('[data-testid="unlock-register-pin"]').fill('123456');
    await page.locator('[data-testid="unlock-register-run"]').click();
    await page.locator('[data-testid="unlock-status"][data-registered="true"]').waitFor({ state: 'visible', timeout: 60_000 });
  });
});

describe('a used or expired unlock code leads to a new request', () => {
  beforeAll(async () => {
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
  }, 120_000);

  const fileRequest = async (): Promise<void> => {
    await page.locator('[data-testid="unlock-name"]').fill('经办人');
    await page.locator('[data-testid="unlock-phone"]').fill('010-00000000');
    await page.locator('[data-testid="unlock-request-run"]').click();
    await page.locator('[data-testid="unlock-request-filed"]').waitFor({ state: 'visible', timeout: 60_000 });
    // Filed means the CA has it (the dead request is never shown again while the new one is sent).
    expect(caCli('unlock-requests')).toContain(await page.locator('[data-testid="unlock-request-number"]').innerText());
  };

  const WHY: Readonly<Record<AppLang, { expired: string; used: string }>> = {
    'zh-CN': { expired: '解锁授权码已过期', used: '解锁授权码已用过或次数用完' },
    en: { expired: 'The unlock code has expired', used: 'The unlock code was used or has no attempts left' },
  };

  for (const lang of LANGS) {
    for (const size of SIZES) {
      // Desktop: the code's lifetime ran out; phone: its one attempt was spent on a wrong code.
      const kind = size === 'desk' ? 'expired' : 'used';
      it(`an ${kind} code: the reason, then the request form at once, and a new request filed (${lang}, ${size})`, async () => {
        await setLanguage(page, lang);
        await page.setViewportSize(VIEWPORT[size]);
        await go(`${tokenHash(tokenId)}/unlock`);
        // The forms follow the status read from the card and the CA: wait for one of them before choosing.
        await page.locator('[data-testid="unlock-request"], [data-testid="unlock-redeem"]').first().waitFor({ state: 'visible', timeout: 30_000 });
        if (await page.locator('[data-testid="unlock-request"]').isVisible()) await fileRequest();
        const requestId = filedRequest();
        const approval = caCli('approve-unlock', '--request', requestId, ...(kind === 'expired' ? ['--ttl', '1'] : ['--attempts', '1']));
        const code = /unlock code: (\d{16})/.exec(approval)?.[1];
        expect(code, approval).toMatch(/^\d{16}$/);
        // Expired: wait out its second. Used: spend its only attempt on a code that differs in its last digit.
        if (kind === 'expired') await new Promise((r) => setTimeout(r, 1_500));
        const typed = kind === 'expired' ? code! : `${code!.slice(0, 15)}${(Number(code!.slice(15)) + 1) % 10}`;
        await page.locator('[data-testid="unlock-code"]').fill(typed);
        await page.locator('[data-testid="unlock-new-pin"]').fill('Un7Lock9');
        await page.locator('[data-testid="unlock-new-pin-again"]').fill('Un7Lock9');
        await page.locator('[data-testid="unlock-redeem-run"]').click();
        const detail = page.locator('[data-testid="unlock-error-detail"]');
        await detail.waitFor({ state: 'visible', timeout: 60_000 });
        const why = await detail.innerText();
        // The CA may count a wrong try on a one-try code as "used up" or as "expired"; either is a dead code.
        expect([WHY[lang].expired, WHY[lang].used].some((w) => why.includes(w)), why).toBe(true);
        if (kind === 'expired') expect(why).toContain(WHY[lang].expired);
        // Not a dead end: the request form is there, the old code form is gone — and nothing on the screen
        // still tells the clerk to check the digits and type that code again.
        await page.locator('[data-testid="unlock-request"]').waitFor({ state: 'visible', timeout: 10_000 });
        expect(await page.locator('[data-testid="unlock-redeem"]').count()).toBe(0);
        expect(await page.locator('main').innerText()).not.toMatch(lang === 'zh-CN' ? /再输|重试/ : /\bretry\b|try again/i);
        expect(await checkScreen(page, `gaps-unlock-code-${kind}`, lang, size)).toEqual(CLEAN);
        await fileRequest();
        expect(filedRequest()).not.toBe(requestId);
        expect(await page.locator('[data-testid="unlock-request-number"]').innerText()).not.toBe(requestId);
      });
    }
  }
});
