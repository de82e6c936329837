/**
 * The portal SDK in Chromium across two real origins (issue 9 §3, §6): the reference portal on
 * http://127.0.0.1:A (COOP same-origin-allow-popups) opens a sign popup on http://localhost:B. The popup here
 * is a stand-in for the app (the real sign page is built on src/shared/signin by the app team): a page that speaks
 * the protocol and hands each request to Node, where src/shared/signin's gate and payload builder run and OpenSSL
 * signs. Under test: the SDK, the portal and the verifier, end to end, and the SDK's error paths.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { MemoryAuditLog } from '../../src/servers/portal/audit-log';
import { buildPortal } from '../../src/servers/portal/server';
import { completeSignIn, createSignInPayload } from '../../src/shared/signin/payload';
import { errorMessage, resultMessage, type PopupMessage } from '../../src/shared/signin/protocol';
import { judgeSignRequest } from '../../src/shared/signin/request';
import { MemoryChallengeStore } from '../../src/servers/verifier';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/browser';
import { buildLoginPki, type LoginPki } from '../unit/verifier/helpers/login-pki';
import { freePort } from '../unit/verifier/helpers/redis-server';

type Mode = 'sign' | 'cancel' | 'silent';
let pki: LoginPki;
let portal: FastifyInstance;
let app: FastifyInstance;
let browser: Browser;
let context: BrowserContext;
let portalOrigin: string;
let appOrigin: string;
let mode: Mode = 'sign';
const requestsSeen: { origin: string; data: unknown }[] = [];

const STUB_PAGE = `<!doctype html><meta charset="utf-8"><title>UKey 助手（测试替身）</title><p>sign popup stand-in</p>
<script>
let handled = false;
window.addEventListener('message', async (event) => {
  if (event.source !== window.opener) return;
  const answer = await fetch('/stub-sign', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ origin: event.origin, data: event.data, alreadyHandled: handled, topLevel: event.source.top === event.source }) });
  handled = true;
  const reply = await answer.json();
  if (reply.message) event.source.postMessage(reply.message, reply.target);
});
window.opener.postMessage({ t: 'ukey:hello', v: 1 }, '*');
</script>`;

beforeAll(async () => {
  pki = buildLoginPki();
  const [portalPort, appPort] = [await freePort(), await freePort()];
  portalOrigin = `http://127.0.0.1:${portalPort}`;
  appOrigin = `http://localhost:${appPort}`;
  portal = await buildPortal({
    origin: portalOrigin,
    appUrl: `${appOrigin}/sign`,
    trust: new MemoryTrustStore([{ der: pki.der('root'), anchor: true }]),
    crls: [pki.crls.int],
    store: new MemoryChallengeStore(),
    audit: new MemoryAuditLog(),
  });
  await portal.listen({ port: portalPort, host: '127.0.0.1' });

  app = Fastify();
  app.get('/sign', async (_request, reply) => reply.type('text/html; charset=utf-8').send(STUB_PAGE));
  app.post('/stub-sign', async (request) => {
    const { origin, data, alreadyHandled, topLevel } = request.body as { origin: string; data: unknown; alreadyHandled: boolean; topLevel: boolean };
    requestsSeen.push({ origin, data });
    const verdict = judgeSignRequest({ data, origin, fromOpener: true, senderIsTopLevel: topLevel, alreadyHandled });
    if (!verdict.accept) return { message: verdict.reply ? errorMessage(verdict.reply) : null, target: origin };
    if (mode === 'silent') return { message: null };
    if (mode === 'cancel') return { message: errorMessage('USER_CANCELLED'), target: verdict.origin };
    const certificate = pki.der('p256');
    const payload = createSignInPayload({ request: verdict.request, origin: verdict.origin, certificate,
      key: parseCertificate(certificate).publicKey, appOrigin });
    const envelope = completeSignIn(payload, pki.sign('p256', payload.clientData), certificate, [pki.der('int')]);
    const message: PopupMessage = resultMessage(envelope);
    return { message, target: verdict.origin }; // reply only to the requesting origin
  });
  await app.listen({ port: appPort, host: '127.0.0.1' });
  // Playwright turns Chromium's popup blocker off by default; keep it on, as users have it.
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, '--lang=zh-CN'],
    ignoreDefaultArgs: ['--disable-popup-blocking'] });
  context = await browser.newContext({ locale: 'zh-CN' });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
  await portal?.close();
  pki?.dir.remove();
});

async function openPortal(): Promise<import('playwright-core').Page> {
  await context.clearCookies(); // each test starts signed out
  const page = await context.newPage();
  await page.goto(`${portalOrigin}/`);
  return page;
}

describe('portal SDK in Chromium, portal and app on different origins', () => {
  it('the user clicks 使用 UKEY 登录, the popup signs, the portal shows who signed in', async () => {
    mode = 'sign';
    const page = await openPortal();
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: /使用 UKEY 登录/ }).click();
    const popup = await popupOpened;
    expect(popup.url()).toBe(`${appOrigin}/sign`);
    await page.waitForURL(`${portalOrigin}/me`);
    await expect(page.locator('#who').textContent()).resolves.toContain('成都示例科技有限公司');
    // The popup saw the portal's true origin and a well-formed request.
    expect(requestsSeen.at(-1)).toMatchObject({ origin: portalOrigin, data: { t: 'ukey:get', v: 1 } });
    await page.close();
  });

  it('cancel in the app reaches the page as USER_CANCELLED, in Chinese first', async () => {
    mode = 'cancel';
    const page = await openPortal();
    await page.getByRole('button', { name: /使用 UKEY 登录/ }).click();
    const status = page.locator('#status[data-code="USER_CANCELLED"]');
    await status.waitFor();
    await expect(status.textContent()).resolves.toMatch(/^已取消登录。 Sign-in was cancelled\./);
    await page.close();
  });

  it('closing the popup without an answer gives POPUP_CLOSED', async () => {
    mode = 'silent';
    const page = await openPortal();
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: /使用 UKEY 登录/ }).click();
    const popup = await popupOpened;
    await popup.waitForLoadState();
    await popup.close();
    await page.locator('#status[data-code="POPUP_CLOSED"]').waitFor();
    await page.close();
  });

  it('a portal that cannot issue a challenge (503, store full) is reported as CHALLENGE_UNAVAILABLE with its reason, Chinese first', async () => {
    mode = 'silent';
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const full = await buildPortal({ origin, appUrl: `${appOrigin}/sign`, trust: new MemoryTrustStore([{ der: pki.der('root'), anchor: true }]),
      store: new MemoryChallengeStore({ maxEntries: 1 }), audit: new MemoryAuditLog() });
    await full.listen({ port, host: '127.0.0.1' });
    try {
      expect((await fetch(`${origin}/ukey/challenge`, { method: 'POST' })).status).toBe(200); // the one place taken
      await context.clearCookies();
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      await page.getByRole('button', { name: /使用 UKEY 登录/ }).click();
      const status = page.locator('#status[data-code="CHALLENGE_UNAVAILABLE"]');
      await status.waitFor();
      const text = (await status.textContent()) ?? '';
      expect(text).toMatch(/^网站暂时无法开始登录/);
      expect(text).toContain('登录请求过多');
      await page.close();
    } finally {
      await full.close();
    }
  });

  it('a popup opened without a user gesture is blocked and reported as POPUP_BLOCKED with a clear message', async () => {
    const page = await openPortal();
    // Playwright evaluates with a user gesture; a first window.open consumes that activation (HTML §6.4.3), so the
    // SDK's own window.open runs without one, as when a portal calls signIn outside a click handler. A string,
    // so the test runner leaves the browser-side dynamic import alone.
    const result = (await page.evaluate(`(() => { const first = window.open('about:blank'); if (first) first.close();
      return import('/ukey-sign-in.js').then((sdk) => sdk.signIn({ appUrl: '${appOrigin}/sign', challenge: 'AAAAAAAAAAAAAAAAAAAAAA', timeoutMs: 5000 }))
        .then(() => ({ code: 'RESOLVED', message: '' }), (e) => ({ code: e.code, message: e.message })); })()`)) as { code: string; message: string };
    expect(result.code).toBe('POPUP_BLOCKED');
    expect(result.message).toMatch(/^浏览器拦截了 UKey 助手窗口/);
    await page.close();
  });
});
