/**
 * Online unlock in Chromium (issue 10 §4, §6): the demo key and the reference CA as a process at the app's default
 * CA address. Register for online unlock (a random PUK escrowed with the CA), block the PIN on the PIN page, file an
 * unlock request from the app, the operator approves with the CLI and reads the 解锁授权码 from its output, the
 * user enters it with a new PIN — and the new PIN verifies.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CA_URL } from '../../src/worker/device-service';
import { launchBrowser, openDemo, REPO_ROOT, startCaProcess, startPreviewServer, tokenHash, type CaProcess, type LaunchedBrowser, type PreviewServer } from './support';

const NEW_PIN = 'Un7Lock9';
let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;
let ca: CaProcess;
const caDir = mkdtempSync(join(tmpdir(), 'ukey-e2e-unlock-ca-'));

/** The operator's side, as a CA clerk runs it. */
function caCli(...args: string[]): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/servers/ca-server/cli.ts', ...args, '--dir', caDir, '--demo'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`;
}

beforeAll(async () => {
  server = await startPreviewServer();
  ca = await startCaProcess(caDir, Number(new URL(DEFAULT_CA_URL).port), new URL(server.url).origin);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  tokenId = await openDemo(page, server.url);
}, 180_000);

afterAll(async () => {
  await ca?.stop();
  await browser?.close();
  await server?.close();
  rmSync(caDir, { recursive: true, force: true });
});

const go = (hash: string) => page.evaluate((h) => { location.hash = h; }, hash);

describe('通过 CA 解锁 with the demo key', () => {
  it('registers for online unlock: the CA keeps the new PUK, the screen says registered', async () => {
    await go(`${tokenHash(tokenId)}/unlock`);
    await page.locator('[data-testid="unlock-register-pin"]').fill('123456');
    await page.locator('[data-testid="unlock-register-run"]').click();
    await expect.poll(() => page.locator('[data-testid="unlock-status"]').getAttribute('data-registered'), { timeout: 60_000 }).toBe('true');
  });

  it('after the PIN is blocked, request → operator approval → code + new PIN unlocks it', async () => {
    await go(tokenHash(tokenId, true));
    const verify = page.locator('[data-testid="verify-form"]');
    await verify.waitFor({ state: 'visible', timeout: 30_000 });
    for (const [i, wrong] of ['902817', '583046', '461739'].entries()) {
      await verify.locator('#verify-pin').fill(wrong);
      if (i === 2) await page.locator('#verify-last-try').check();
      await verify.locator('button[type="submit"]').click();
      if (i < 2) await verify.locator('[data-error-name="WrongPinError"]').waitFor({ state: 'visible', timeout: 30_000 });
      if (i === 1) await page.locator('#verify-last-try').waitFor({ state: 'visible', timeout: 30_000 });
    }
    await page.locator('[data-testid="pin-blocked"]').waitFor({ state: 'visible', timeout: 30_000 });

    await go(`${tokenHash(tokenId)}/unlock`);
    await page.locator('[data-testid="unlock-name"]').fill('王五');
    await page.locator('[data-testid="unlock-phone"]').fill('13700000000');
    await page.locator('[data-testid="unlock-request-run"]').click();
    await page.locator('[data-testid="unlock-request-filed"]').waitFor({ state: 'visible', timeout: 60_000 });

    const requestId = /^(\S+)\tfiled/m.exec(caCli('unlock-requests'))?.[1];
    expect(requestId).toBeTruthy();
    const code = /unlock code: (\d{16})/.exec(caCli('approve-unlock', '--request', requestId!))?.[1];
    expect(code).toMatch(/^\d{16}$/);

    await page.locator('[data-testid="unlock-code"]').fill(code!);
    await page.locator('[data-testid="unlock-new-pin"]').fill(NEW_PIN);
    await page.locator('[data-testid="unlock-new-pin-again"]').fill(NEW_PIN);
    await page.locator('[data-testid="unlock-redeem-run"]').click();
    await page.locator('[data-testid="unlock-done"]').waitFor({ state: 'visible', timeout: 60_000 });

    await go(tokenHash(tokenId, true));
    await verify.waitFor({ state: 'visible', timeout: 30_000 });
    await verify.locator('#verify-pin').fill(NEW_PIN);
    await verify.locator('button[type="submit"]').click();
    await page.locator('[data-testid="verify-ok"]').waitFor({ state: 'visible', timeout: 30_000 });
  });
});
