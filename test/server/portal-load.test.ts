/**
 * The reference portal under load and behind a proxy (issue 14 §4, review M5/L6), over real HTTP:
 * - rate limits keyed on the client address a trusted reverse proxy reports (X-Forwarded-For read right to
 *   left, trusted hops stripped), never on a value the client wrote itself, and on the socket without a proxy;
 * - one audit line per burst of refusals, not one per refused request;
 * - a full challenge store answers 503 with a clear body, not an out-of-memory;
 * - every response, whatever its status, refuses framing (CSP frame-ancestors 'none', X-Frame-Options DENY).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { MemoryAuditLog } from '../../src/servers/portal/audit-log';
import { buildPortal, type PortalConfig } from '../../src/servers/portal/server';
import { MemoryChallengeStore } from '../../src/servers/verifier';
import { buildLoginPki, type LoginPki } from '../unit/verifier/helpers/login-pki';
import { freePort } from '../unit/verifier/helpers/redis-server';

let pki: LoginPki;
const portals: FastifyInstance[] = [];

beforeAll(() => {
  pki = buildLoginPki();
});
afterAll(async () => {
  for (const portal of portals) await portal.close();
  pki?.dir.remove();
});

async function start(extra: Partial<PortalConfig> = {}): Promise<{ base: string; audit: MemoryAuditLog }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const audit = new MemoryAuditLog();
  const portal = await buildPortal({ origin: base, appUrl: 'http://127.0.0.1:1/sign', trust: new MemoryTrustStore([{ der: pki.der('root'), anchor: true }]),
    store: new MemoryChallengeStore(), audit, rateLimit: { limit: 3, windowMs: 60_000 }, ...extra });
  await portal.listen({ port, host: '127.0.0.1' });
  portals.push(portal);
  return { base, audit };
}

const statuses = async (base: string, n: number, headers: Record<string, string> = {}): Promise<number[]> => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await fetch(`${base}/ukey/me`, { headers })).status);
  return out;
};

describe('portal behind a trusted reverse proxy (--trust-proxy)', () => {
  it('gives each client the proxy reports its own bucket', async () => {
    const { base } = await start({ trustProxy: ['127.0.0.1'] });
    expect(await statuses(base, 4, { 'x-forwarded-for': '203.0.113.5' })).toEqual([401, 401, 401, 429]);
    // Another user behind the same proxy is not blocked by the first (today: one shared bucket for everyone).
    expect(await statuses(base, 1, { 'x-forwarded-for': '203.0.113.6' })).toEqual([401]);
  });

  it('reads X-Forwarded-For right to left: what the client wrote to the left of the proxy\'s entry is ignored', async () => {
    const { base, audit } = await start({ trustProxy: ['127.0.0.1', '10.0.0.0/8'] });
    // The client sends a forged list each time; the trusted proxies append the real address (203.0.113.7) and
    // an inner hop (10.1.2.3) that is stripped as trusted.
    const forged = (i: number): Record<string, string> => ({ 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7, 10.1.2.3` });
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) seen.push(...(await statuses(base, 1, forged(i))));
    expect(seen).toEqual([401, 401, 401, 429]);
    expect(audit.events.filter((e) => e.event === 'rate-limited').map((e) => e.ip)).toEqual(['203.0.113.7']);
  });

  it('keys IPv6 clients by their /64, so one host cannot walk its own prefix to dodge the limit', async () => {
    const { base } = await start({ trustProxy: ['127.0.0.1'] });
    const seen: number[] = [];
    for (let i = 1; i <= 4; i++) seen.push(...(await statuses(base, 1, { 'x-forwarded-for': `2001:db8:1:2::${i}` })));
    expect(seen).toEqual([401, 401, 401, 429]);
    expect(await statuses(base, 1, { 'x-forwarded-for': '2001:db8:1:3::1' })).toEqual([401]);
  });

  it('without --trust-proxy, X-Forwarded-For is ignored and the socket address is the key', async () => {
    const { base } = await start();
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) seen.push(...(await statuses(base, 1, { 'x-forwarded-for': `203.0.113.${i}` })));
    expect(seen).toEqual([401, 401, 401, 429]);
  });

  it('refuses a --trust-proxy entry that is not an address or a CIDR block', async () => {
    await expect(start({ trustProxy: ['proxy.example.cn'] })).rejects.toThrow(/trust-proxy/);
    await expect(start({ trustProxy: ['10.0.0.0/33'] })).rejects.toThrow(/trust-proxy/);
  });
});

describe('rate-limit audit', () => {
  it('writes one audit line per burst of refusals, not one per refused request', async () => {
    const { base, audit } = await start();
    const seen = await statuses(base, 25);
    expect(seen.filter((s) => s === 429)).toHaveLength(22);
    const lines = audit.events.filter((e) => e.event === 'rate-limited');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ ip: '127.0.0.1' });
  });
});

describe('a full challenge store', () => {
  it('answers 503 CHALLENGE_STORE_FULL with Retry-After and a message in Chinese first', async () => {
    const { base } = await start({ store: new MemoryChallengeStore({ maxEntries: 2 }), rateLimit: { limit: 100, windowMs: 60_000 } });
    const answers: Response[] = [];
    for (let i = 0; i < 3; i++) answers.push(await fetch(`${base}/ukey/challenge`, { method: 'POST' }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 503]);
    const full = answers[2]!;
    expect(full.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = (await full.json()) as { error: string; message: string };
    expect(body.error).toBe('CHALLENGE_STORE_FULL');
    expect(body.message).toMatch(/^[^A-Za-z]*登录/);
    expect(body.message).toContain('try again');
  });

  it('a full session table answers 503 SESSION_TABLE_FULL the same way', async () => {
    const { base } = await start({ maxSessions: 1, rateLimit: { limit: 100, windowMs: 60_000 } });
    expect((await fetch(`${base}/ukey/challenge`, { method: 'POST' })).status).toBe(200);
    const full = await fetch(`${base}/ukey/challenge`, { method: 'POST' });
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await full.json()) as { error: string }).error).toBe('SESSION_TABLE_FULL');
  });
});

describe('HTTPS portal', () => {
  it('sends HSTS when its origin is https (review L6), not when it is plain http', async () => {
    const { base } = await start({ origin: 'https://portal.example.cn' });
    expect((await fetch(`${base}/`)).headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    const plain = await start();
    expect((await fetch(`${plain.base}/`)).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('framing is refused on every response', () => {
  it('sends CSP frame-ancestors \'none\' and X-Frame-Options DENY on pages, scripts, redirects, errors and refusals', async () => {
    const { base } = await start({ rateLimit: { limit: 1000, windowMs: 60_000 } });
    const requests: [string, RequestInit][] = [
      ['/', {}],
      ['/portal.css', {}],
      ['/login.js', {}],
      ['/ukey-sign-in.js', {}],
      ['/me', { redirect: 'manual' }],
      ['/ukey/me', {}],
      ['/no-such-page', {}],
      ['/ukey/challenge', { method: 'GET' }],
      ['/ukey/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
      ['/ukey/verify', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{}' }],
      ['/ukey/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `"${'x'.repeat(70_000)}"` }],
      ['/ukey/verify', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' }],
      ['/logout', { method: 'POST', redirect: 'manual' }],
      ['/%E0%A4%A', {}],
      ['/', { method: 'HEAD' }],
    ];
    const seen = new Set<number>();
    for (const [path, init] of requests) {
      const response = await fetch(`${base}${path}`, init);
      seen.add(response.status);
      expect(response.headers.get('content-security-policy'), `${init.method ?? 'GET'} ${path}`).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options'), `${init.method ?? 'GET'} ${path}`).toBe('DENY');
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 303, 400, 401, 403, 404, 413, 415]));
    const limited = await start({ rateLimit: { limit: 0, windowMs: 60_000 } });
    const refused = await fetch(`${limited.base}/ukey/me`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('takes the envelope only as application/json (a text/plain or form body would be a simple cross-site request)', async () => {
    const { base } = await start({ rateLimit: { limit: 1000, windowMs: 60_000 } });
    const { headers } = await fetch(`${base}/ukey/challenge`, { method: 'POST' });
    const cookie = (headers.get('set-cookie') ?? '').split(';')[0]!;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await fetch(`${base}/ukey/verify`, { method: 'POST', headers: { 'content-type': type, cookie }, body: '{}' });
      expect(answer.status, type).toBe(415);
    }
  });
});
