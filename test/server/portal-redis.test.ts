/**
 * The reference portal with its challenges in a real redis-server (`--redis URL`): a login goes through, and a
 * parallel double submit of the same envelope is accepted exactly once.
 */
import type { FastifyInstance } from 'fastify';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { MemoryAuditLog } from '../../src/servers/portal/audit-log';
import { buildPortal } from '../../src/servers/portal/server';
import { RedisChallengeStore } from '../../src/servers/verifier';
import { makeLogin } from '../unit/verifier/helpers/login-envelope';
import { buildLoginPki, type LoginPki } from '../unit/verifier/helpers/login-pki';
import { freePort, startRedis, type RedisServer } from '../unit/verifier/helpers/redis-server';

type Client = ReturnType<typeof createClient>;
let redis: RedisServer;
let client: Client;
let pki: LoginPki;
let portal: FastifyInstance;
let base: string;

beforeAll(async () => {
  redis = await startRedis();
  client = (await createClient({ url: redis.url }).connect()) as Client;
  pki = buildLoginPki();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  portal = await buildPortal({ origin: base, appUrl: 'http://127.0.0.1:1/sign', trust: new MemoryTrustStore([{ der: pki.der('root'), anchor: true }]),
    store: new RedisChallengeStore(client), audit: new MemoryAuditLog() });
  await portal.listen({ port, host: '127.0.0.1' });
});
afterAll(async () => {
  await portal?.close();
  await client?.quit();
  await redis?.stop();
  pki?.dir.remove();
});

describe('reference portal on Redis', () => {
  it('signs in once; the same envelope submitted twice in parallel wins once', async () => {
    const answer = await fetch(`${base}/ukey/challenge`, { method: 'POST' });
    const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { challenge } = (await answer.json()) as { challenge: string };
    expect(await client.exists(`ukey:challenge:${challenge}`)).toBe(1);
    const body = JSON.stringify(makeLogin(pki, { leaf: 'p256', challenge, origin: base }));
    const post = () => fetch(`${base}/ukey/verify`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body });
    const [a, b] = await Promise.all([post(), post()]);
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    // The loser either lost the challenge race or arrived after the winner rotated the session id.
    const loser = (await (a.status === 200 ? b : a).json()) as { error: string };
    expect(['CHALLENGE_REUSED', 'NO_SESSION']).toContain(loser.error);
    expect(await client.get(`ukey:challenge:${challenge}`)).toBe('used');
  });
});
