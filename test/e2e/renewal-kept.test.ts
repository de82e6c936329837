/**
 * A renewal the CA certified but did not confirm (issue 15 §2, reviewer's finding on the renewal screen), in
 * Chromium with the demo UKEY and the reference CA as processes. Between the app and the CA sits a small proxy
 * that sends the first certConf to a second demo CA (same CMP signer, never saw the transaction): its refusal is
 * a real, verified CMP error, so the renewal ends failed with the new key kept (`keyKept`). The screen must say
 * so — the CA issued the new certificate, the new key stays on the UKEY — and its button must finish THAT
 * renewal: the next certConf reaches the real CA and the renewal is done with no second key request (one kur).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchBrowser, openDemo, saveScreen, startCaProcess, startPreviewServer, waitForServiceWorkerControl, type CaProcess, type LaunchedBrowser, type PreviewServer } from './support';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let tokenId: string;
const cas: CaProcess[] = [];
let proxy: Server;
let proxyPort = 0;
const dirs = [mkdtempSync(join(tmpdir(), 'ukey-e2e-kept-ca-')), mkdtempSync(join(tmpdir(), 'ukey-e2e-kept-stranger-'))];
/** Every distinct kur and certConf body the proxy saw, and where each certConf went. */
const seen = { kur: new Set<string>(), certConfTo: [] as string[] };

/** Content start and end of the TLV at `at` (DER definite lengths, X.690 §8.1.3). */
function tlvAt(der: Uint8Array, at: number): { content: number; end: number } | null {
  const first = der[at + 1];
  if (first === undefined) return null;
  if (first < 0x80) return { content: at + 2, end: at + 2 + first };
  let length = 0;
  for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + (der[at + 2 + i] ?? 0);
  return { content: at + 2 + (first & 0x7f), end: at + 2 + (first & 0x7f) + length };
}

/** PKIBody's tag (RFC 9810 §5.1): the byte right after PKIMessage's header SEQUENCE. */
function bodyTag(der: Uint8Array): number | null {
  const message = der[0] === 0x30 ? tlvAt(der, 0) : null;
  const header = message && der[message.content] === 0x30 ? tlvAt(der, message.content) : null;
  return header ? (der[header.end] ?? null) : null;
}

const KUR = 0xa7; // [7] kur
const CERT_CONF = 0xb8; // [24] certConf

async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = new Uint8Array(Buffer.concat(chunks));
  let target = cas[0]!.port;
  if (req.method === 'POST') {
    const tag = bodyTag(body);
    if (tag === KUR) seen.kur.add(Buffer.from(body).toString('hex'));
    if (tag === CERT_CONF) {
      const toStranger = seen.certConfTo.length === 0;
      seen.certConfTo.push(toStranger ? 'stranger' : 'ca');
      if (toStranger) target = cas[1]!.port;
    }
  }
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'origin', 'access-control-request-method', 'access-control-request-headers']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const answer = await fetch(`http://127.0.0.1:${target}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(req.method === 'POST' ? { body } : {}) });
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (name === 'content-type' || name.startsWith('access-control-') || name === 'vary') out[name] = value;
  });
  res.writeHead(answer.status, out);
  res.end(Buffer.from(await answer.arrayBuffer()));
}

beforeAll(async () => {
  server = await startPreviewServer();
  const origin = new URL(server.url).origin;
  cas.push(await startCaProcess(dirs[0]!, await freePort(), origin));
  cas.push(await startCaProcess(dirs[1]!, await freePort(), origin));
  proxyPort = await freePort();
  proxy = createServer((req, res) => void forward(req, res).catch(() => (res.writeHead(502), res.end())));
  await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
  browser = await launchBrowser();
  page = await browser.context.newPage();
  // Renewal requests go through the service worker's outbox: the page must be one the worker controls.
  await page.goto(server.url);
  await waitForServiceWorkerControl(page);
  tokenId = await openDemo(page, server.url);
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  for (const ca of cas) await ca.stop();
  await browser?.close();
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a renewal kept after the CA certified it', () => {
  it('says the new key is kept, and 再试一次完成 finishes it without a second key request', async () => {
    await page.evaluate((h) => void (location.hash = h), `#/token/${encodeURIComponent(tokenId)}/renew/9d`);
    await page.locator('#renew-title').waitFor({ state: 'visible', timeout: 60_000 });
    // The title's date never breaks at its hyphens on a phone (issue 16 §3): it is one unbreakable .date span.
    expect(await page.locator('#renew-title .date').textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Only the demo UKEY's local reference CA can be pointed elsewhere, under 技术详情.
    await page.locator('[data-testid="renewal-tech"] > summary').click();
    await page.locator('[data-testid="renewal-ca-url"]').fill(`http://127.0.0.1:${proxyPort}/.well-known/cmp`);
    await page.locator('[data-testid="renewal-pin"]').fill('123456');
    await page.locator('[data-testid="renewal-run"]').click();

    const kept = page.locator('[data-testid="renewal-kept"]');
    // The outbox may still be delivering when a run stops to wait ("也可以稍后点继续"): press 继续 as a user would.
    for (let press = 0; press < 3 && !(await kept.isVisible()); press++) {
      await kept.or(page.locator('[data-testid="renewal-waiting-network"]')).first().waitFor({ state: 'visible', timeout: 60_000 });
      if (await kept.isVisible()) break;
      await page.locator('[data-testid="renewal-pin"]').fill('123456');
      await page.locator('[data-testid="renewal-run"]').click();
      await page.locator('[data-testid="renewal-run"]:not([disabled])').waitFor({ timeout: 60_000 });
    }
    await kept.waitFor({ state: 'visible', timeout: 1_000 });
    const text = (await kept.textContent()) ?? '';
    expect(text).toContain('CA 已签发新证书');
    expect(text).toContain('保留在这支 UKEY 上');
    expect(text).toContain('不会再生成新密钥');
    expect(await page.locator('[data-testid="renewal-failed"]').count()).toBe(0);
    const button = page.locator('[data-testid="renewal-run"]');
    expect((await button.textContent())?.trim()).toBe('再试一次完成');
    await saveScreen(page, 'zh-CN', 'desk', 'renewal-kept');
    expect(seen.kur.size).toBe(1);
    expect(seen.certConfTo).toEqual(['stranger']);

    await page.locator('[data-testid="renewal-pin"]').fill('123456');
    await button.click();
    await page.locator('[data-testid="renewal-done"]').waitFor({ state: 'visible', timeout: 120_000 });
    // Finished, not planned anew: the same one key request; its certificate confirmed at the real CA.
    expect(seen.kur.size).toBe(1);
    expect(seen.certConfTo).toEqual(['stranger', 'ca']);
  });
});
