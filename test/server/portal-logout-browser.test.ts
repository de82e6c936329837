/**
 * Regression (issue 16 §3): the reference portal's 退出登录 did nothing. Its own `Referrer-Policy: no-referrer`
 * makes Chromium send the logout form's POST with `Origin: null` (Fetch §3.2.5), and the portal's Origin check
 * refused it with 403. Here a real Chromium signs in (session cookie from a verified login), clicks 退出登录 on
 * /me, and must land on the login page signed out — while a cross-site form POST is still refused.
 */
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { MemoryAuditLog } from '../../src/servers/portal/audit-log';
import { buildPortal } from '../../src/servers/portal/server';
import { MemoryChallengeStore } from '../../src/servers/verifier';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/browser';
import { makeLogin } from '../unit/verifier/helpers/login-envelope';
import { buildLoginPki, type LoginPki } from '../unit/verifier/helpers/login-pki';
import { freePort } from '../unit/verifier/helpers/redis-server';

let pki: LoginPki;
let portal: FastifyInstance;
let other: FastifyInstance;
let browser: Browser;
let base: string;
let otherOrigin: string;
const audit = new MemoryAuditLog();

beforeAll(async () => {
  pki = buildLoginPki();
  const [port, otherPort] = [await freePort(), await freePort()];
  base = `http://127.0.0.1:${port}`;
  otherOrigin = `http://localhost:${otherPort}`;
  portal = await buildPortal({ origin: base, appUrl: 'http://127.0.0.1:1/sign', trust: new MemoryTrustStore([{ der: pki.der('root'), anchor: true }]),
    crls: [pki.crls.int], store: new MemoryChallengeStore(), audit });
  await portal.listen({ port, host: '127.0.0.1' });
  // A page on another site with a form aimed at the portal's logout (a cross-site request the check must refuse).
  const { default: Fastify } = await import('fastify');
  other = Fastify();
  other.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8')
    .send(`<!doctype html><form method="post" action="${base}/logout"><button>go</button></form>`));
  await other.listen({ port: otherPort, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
});

afterAll(async () => {
  await browser?.close();
  await other?.close();
  await portal?.close();
  pki?.dir.remove();
});

/** A signed-in session cookie value, by the same HTTP calls the login page makes. */
async function signedInCookie(): Promise<string> {
  const answer = await fetch(`${base}/ukey/challenge`, { method: 'POST' });
  const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { challenge } = (await answer.json()) as { challenge: string };
  const verified = await fetch(`${base}/ukey/verify`, { method: 'POST', headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(makeLogin(pki, { leaf: 'p256', challenge, origin: base })) });
  expect(verified.status).toBe(200);
  return (verified.headers.get('set-cookie') ?? '').split(';')[0]!.split('=')[1]!;
}

describe('退出登录 in Chromium', () => {
  it('signs the user out and returns to the login page', async () => {
    const value = await signedInCookie();
    const context = await browser.newContext({ locale: 'zh-CN' });
    await context.addCookies([{ name: 'ukey_portal_session', value, url: base, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    await page.goto(`${base}/me`);
    await expect(page.locator('#who').textContent()).resolves.toContain('欢迎');
    const logout = page.waitForRequest((r) => r.url() === `${base}/logout`);
    await page.getByRole('button', { name: /退出登录/ }).click();
    const sent = await (await logout).allHeaders();
    expect(sent.origin).toBe(base); // what Chromium sends now; it was "null"
    await page.waitForURL(`${base}/`);
    await expect(page.getByRole('button', { name: /使用 UKEY 登录/ }).isVisible()).resolves.toBe(true);
    expect((await fetch(`${base}/ukey/me`, { headers: { cookie: `ukey_portal_session=${value}` } })).status).toBe(401);
    expect(audit.events.at(-1)).toMatchObject({ event: 'logout' });
    await context.close();
  });

  it('still refuses a logout form posted from another site', async () => {
    const value = await signedInCookie();
    const context = await browser.newContext();
    await context.addCookies([{ name: 'ukey_portal_session', value, url: base, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    await page.goto(`${otherOrigin}/`);
    const answer = page.waitForResponse(`${base}/logout`);
    await page.getByRole('button', { name: 'go' }).click();
    expect((await answer).status()).toBe(403);
    expect((await fetch(`${base}/ukey/me`, { headers: { cookie: `ukey_portal_session=${value}` } })).status).toBe(200);
    await context.close();
  });
});
