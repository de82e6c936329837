/**
 * Issue 7 §4: after the whole demo PIN flow — a wrong PIN, the right PIN, a change, the PIN blocked after the
 * last-try confirmation, a wrong PUK, the unblock with a new PIN — no PIN or PUK value appears in IndexedDB, Cache
 * Storage, localStorage/sessionStorage, the console, the redacted APDU log or the USB capture of the helpdesk
 * export. The values are chosen so they occur nowhere in the app's code (the factory PIN does: it is only searched
 * outside the cached code). Signing is covered by sign-in.test.ts, which scans the same stores.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_MARK, dumpOriginStorage, launchBrowser, openDemo, startPreviewServer, tokenHash, type LaunchedBrowser, type PreviewServer } from './support';

const FACTORY_PIN = '123456';
const FACTORY_PUK = '12345678';
const CHANGED = 'Qz7Xk3Lm';
const UNBLOCKED = 'Wv5Rt8Yp';
const WRONG_PINS = ['902817', '583046', '461739', '730528'];
const WRONG_PUK = '69170384';
const SECRETS = [CHANGED, UNBLOCKED, ...WRONG_PINS, WRONG_PUK];

/**
 * The forms a PIN could be stored in, lower-cased: text, hex (bare and as the FF-padded 8-byte block of
 * SP 800-73-4 Part 2 §2.4.3), base64 (of the text and of the block, without padding) and UTF-16LE text (its NULs as JSON escapes, as the dump writes them).
 */
function storedForms(secret: string): string[] {
  const text = Buffer.from(secret);
  const block = Buffer.alloc(8, 0xff);
  text.copy(block);
  const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '').toLowerCase();
  return [secret.toLowerCase(), text.toString('hex'), block.toString('hex'), b64(text), b64(block),
    [...secret.toLowerCase()].map((c) => `${c}\\u0000`).join(''), Buffer.from(secret, 'utf16le').toString('latin1').toLowerCase()];
}

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
const consoleLines: string[] = [];

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchBrowser();
  const context = await browser.browser!.newContext({ locale: 'zh-CN', acceptDownloads: true });
  page = await context.newPage();
  page.on('console', (message) => consoleLines.push(message.text()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const go = (hash: string) => page.evaluate((h) => { location.hash = h; }, hash);

async function verify(pin: string, lastTry = false): Promise<void> {
  const form = page.locator('[data-testid="verify-form"]');
  await form.locator('#verify-pin').fill(pin);
  if (lastTry) await page.locator('#verify-last-try').check();
  await form.locator('button[type="submit"]').click();
}

async function waitWrong(): Promise<void> {
  await page.locator('[data-testid="verify-form"] [data-error-name="WrongPinError"]').waitFor({ state: 'visible', timeout: 30_000 });
}

describe('no PIN or PUK anywhere after the whole PIN flow', () => {
  it('runs verify, wrong PIN, change, block, wrong PUK and unblock on the demo key', async () => {
    const tokenId = await openDemo(page, server.url);
    await go(tokenHash(tokenId, true));
    await page.locator('[data-testid="verify-form"]').waitFor({ state: 'visible', timeout: 60_000 });
    await verify(WRONG_PINS[0]!);
    await waitWrong();
    await verify(FACTORY_PIN);
    await page.locator('[data-testid="verify-ok"]').waitFor({ state: 'visible', timeout: 30_000 });
    const change = page.locator('[data-testid="change-form"]');
    await change.locator('#change-current').fill(FACTORY_PIN);
    await change.locator('#change-new').fill(CHANGED);
    await change.locator('#change-confirm').fill(CHANGED);
    await change.locator('button[type="submit"]').click();
    await page.locator('[data-testid="change-ok"]').waitFor({ state: 'visible', timeout: 30_000 });
    await verify(WRONG_PINS[1]!);
    await waitWrong();
    await verify(WRONG_PINS[2]!);
    await page.locator('#verify-last-try').waitFor({ state: 'visible', timeout: 30_000 });
    await verify(WRONG_PINS[3]!, true);
    const unblock = page.locator('[data-testid="unblock-form"]');
    await unblock.waitFor({ state: 'visible', timeout: 30_000 });
    const fillUnblock = async (puk: string) => {
      await unblock.locator('#unblock-puk').fill(puk);
      await unblock.locator('#unblock-new').fill(UNBLOCKED);
      await unblock.locator('#unblock-confirm').fill(UNBLOCKED);
      await unblock.locator('button[type="submit"]').click();
    };
    await fillUnblock(WRONG_PUK);
    await page.locator('[data-testid="puk-error"]').waitFor({ state: 'visible', timeout: 30_000 });
    await fillUnblock(FACTORY_PUK);
    await page.locator('[data-testid="unblock-ok"]').waitFor({ state: 'visible', timeout: 30_000 });
    await verify(UNBLOCKED);
    await page.locator('[data-testid="verify-ok"]').waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('IndexedDB, Web Storage, Cache Storage and the console hold none of the values', async () => {
    const dump = await dumpOriginStorage(page);
    const [stores] = dump.split(CACHE_MARK);
    const lower = dump.toLowerCase();
    for (const secret of SECRETS) {
      for (const form of storedForms(secret)) expect(lower.includes(form), `${secret} in storage as ${form}`).toBe(false);
    }
    for (const factory of [FACTORY_PIN, FACTORY_PUK]) {
      for (const form of storedForms(factory)) expect(stores!.toLowerCase().includes(form), `${factory} outside cached code as ${form}`).toBe(false);
    }
    for (const line of consoleLines) for (const secret of [...SECRETS, FACTORY_PIN, FACTORY_PUK]) expect(line).not.toContain(secret);
  });

  it('the helpdesk export — redacted APDU log and USB capture — holds none of them, as text or as bytes', async () => {
    await go('#/env');
    await page.locator('[data-testid="env-verdict"]').waitFor({ state: 'visible', timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-diagnostics"]').click()]);
    const raw = readFileSync(await download.path(), 'utf8');
    const data = JSON.parse(raw) as { keys: Array<{ apduLog: string[]; usbCapturePcapBase64: string }> };
    const key = data.keys[0]!;
    expect(key.apduLog.some((line) => /^> 0024/i.test(line))).toBe(true); // the CHANGE was logged, redacted
    expect(key.apduLog.some((line) => /^> 002c/i.test(line))).toBe(true); // the RESET RETRY COUNTER too
    const logHex = key.apduLog.join(' ').toLowerCase().replace(/[^0-9a-f]/g, '');
    const capture = Buffer.from(key.usbCapturePcapBase64, 'base64');
    expect(capture.length).toBeGreaterThan(24); // a pcap header and records: the capture is really there
    for (const secret of [...SECRETS, FACTORY_PIN, FACTORY_PUK]) {
      expect(raw.includes(secret), `${secret} in the export text`).toBe(false);
      expect(logHex.includes(Buffer.from(secret).toString('hex')), `${secret} in the APDU log`).toBe(false);
      expect(capture.includes(Buffer.from(secret)), `${secret} in the USB capture`).toBe(false);
    }
  });
});
