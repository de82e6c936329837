/**
 * The reference portal over real HTTP (issue 9 §5): headers, cookie, challenge → signed envelope → identity,
 * refusals with codes, session rotation, Origin check, body limit, rate limit and the audit log.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { MemoryAuditLog } from '../../src/servers/portal/audit-log';
import { buildPortal } from '../../src/servers/portal/server';
import { MemoryChallengeStore } from '../../src/servers/verifier';
import { makeLogin } from '../unit/verifier/helpers/login-envelope';
import { buildLoginPki, type LeafName, type LoginPki } from '../unit/verifier/helpers/login-pki';
import { freePort } from '../unit/verifier/helpers/redis-server';

let pki: LoginPki;
let app: FastifyInstance;
let base: string;
const audit = new MemoryAuditLog();

beforeAll(async () => {
  pki = buildLoginPki();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const trust = new MemoryTrustStore([{ der: pki.der('root'), anchor: true }, { der: pki.der('sm2-root'), anchor: true }]);
  app = await buildPortal({ origin: base, appUrl: 'http://127.0.0.1:1/sign', trust, crls: [pki.crls.int, pki.crls.sm2],
    store: new MemoryChallengeStore(), audit, rateLimit: { limit: 40, windowMs: 60_000 } });
  await app.listen({ port, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  pki?.dir.remove();
});

const cookieOf = (response: Response): string => (response.headers.get('set-cookie') ?? '').split(';')[0]!;

async function challenge(cookie?: string): Promise<{ challenge: string; cookie: string; response: Response }> {
  const response = await fetch(`${base}/ukey/challenge`, { method: 'POST', headers: cookie ? { cookie } : {} });
  const body = (await response.json()) as { challenge: string };
  return { challenge: body.challenge, cookie: cookie ?? cookieOf(response), response };
}

async function verify(cookie: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown>; response: Response }> {
  const response = await fetch(`${base}/ukey/verify`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, response };
}

async function signedBody(leaf: LeafName, challengeValue: string): Promise<string> {
  return JSON.stringify(makeLogin(pki, { leaf, challenge: challengeValue, origin: base }));
}

describe('reference portal', () => {
  it('serves the login page Chinese first, with CSP and COOP same-origin-allow-popups', async () => {
    const response = await fetch(`${base}/`);
    const html = await response.text();
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin-allow-popups');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(html.indexOf('使用 UKEY 登录')).toBeGreaterThan(0);
    expect(html.indexOf('使用 UKEY 登录')).toBeLessThan(html.indexOf('Sign in with UKEY'));
    expect(html).not.toMatch(/<script>(?!<)/); // no inline script
    const sdk = await fetch(`${base}/ukey-sign-in.js`);
    expect(sdk.headers.get('content-type')).toContain('javascript');
    expect(await sdk.text()).toContain('export function signIn');
  });

  it('POST /ukey/challenge answers {"challenge"} and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const { challenge: value, response } = await challenge();
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^ukey_portal_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('signs in: identity, a new session id, the page showing who signed in; the pre-login id stays signed out', async () => {
    const first = await challenge();
    const { status, json, response } = await verify(first.cookie, await signedBody('sm2', first.challenge));
    expect(status).toBe(200);
    expect(json).toMatchObject({ alg: 'SM2SM3', origin: base, subjectFields: { CN: '张三' } });
    const signedIn = cookieOf(response);
    expect(signedIn).not.toBe(first.cookie);
    const me = await fetch(`${base}/me`, { headers: { cookie: signedIn } });
    expect(await me.text()).toContain('张三');
    expect((await fetch(`${base}/ukey/me`, { headers: { cookie: first.cookie } })).status).toBe(401);
    const logout = await fetch(`${base}/logout`, { method: 'POST', headers: { cookie: signedIn, origin: base }, redirect: 'manual' });
    expect(logout.status).toBe(303);
    expect((await fetch(`${base}/ukey/me`, { headers: { cookie: signedIn } })).status).toBe(401);
  });

  it('refuses with 4xx {"error":CODE}: replay, duplicate keys, another session, no session, foreign Origin, oversize', async () => {
    const a = await challenge();
    const body = await signedBody('p256', a.challenge);
    const accepted = await verify(a.cookie, body);
    expect(accepted.status).toBe(200);
    expect(await verify(a.cookie, body)).toMatchObject({ status: 401, json: { error: 'NO_SESSION' } }); // id rotated at login
    expect(await verify(cookieOf(accepted.response), body)).toMatchObject({ status: 400, json: { error: 'CHALLENGE_REUSED' } });

    const b = await challenge();
    const dup = (await signedBody('p256', b.challenge)).replace('"alg":', '"alg":"RS256","alg":');
    expect(await verify(b.cookie, dup)).toMatchObject({ status: 400, json: { error: 'DUPLICATE_KEY' } });

    const c = await challenge();
    const other = await challenge();
    expect(await verify(other.cookie, await signedBody('p256', c.challenge))).toMatchObject({ status: 400, json: { error: 'SESSION_MISMATCH' } });
    expect(await verify('', await signedBody('p256', c.challenge))).toMatchObject({ status: 401, json: { error: 'NO_SESSION' } });
    expect(await verify(c.cookie, await signedBody('p256', c.challenge), { origin: 'https://evil.example' }))
      .toMatchObject({ status: 403, json: { error: 'FORBIDDEN_ORIGIN' } });
    expect(await verify(c.cookie, await signedBody('revoked', c.challenge))).toMatchObject({ status: 400, json: { error: 'CERT_REVOKED' } });
    expect(await verify(c.cookie, `"${'x'.repeat(70_000)}"`)).toMatchObject({ status: 413, json: { error: 'OVERSIZE' } });

    const codes = audit.events.filter((e) => e.event === 'login-refused').map((e) => e.code);
    expect(codes).toEqual(['CHALLENGE_REUSED', 'DUPLICATE_KEY', 'SESSION_MISMATCH', 'CERT_REVOKED']);
    const login = audit.events.find((e) => e.event === 'login');
    expect(login).toMatchObject({ subject: expect.stringContaining('张三'), serialNumber: expect.any(String) });
    expect(JSON.stringify(audit.events)).not.toContain('clientDataJSON');
  });

  it('rate-limits /ukey/* per client address with 429 RATE_LIMITED', async () => {
    let last = 0;
    for (let i = 0; i < 45; i++) last = (await fetch(`${base}/ukey/me`)).status;
    expect(last).toBe(429);
    expect(audit.events.some((e) => e.event === 'rate-limited')).toBe(true);
  });
});
