/**
 * RedisChallengeStore against a real redis-server this file starts and stops: atomic single use across clients
 * (several portal instances), expiry, session binding, and the full verifyLogin path on top of it.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueChallenge, MemoryTrustStore, RedisChallengeStore, verifyLogin } from '../../src/servers/verifier';
import { makeLogin, PORTAL } from '../unit/verifier/helpers/login-envelope';
import { buildLoginPki, type LoginPki } from '../unit/verifier/helpers/login-pki';
import { startRedis, type RedisServer } from '../unit/verifier/helpers/redis-server';

type Client = ReturnType<typeof createClient>;
let redis: RedisServer;
let clients: Client[];
let pki: LoginPki;

beforeAll(async () => {
  redis = await startRedis();
  clients = await Promise.all([0, 1, 2, 3].map(() => createClient({ url: redis.url }).connect() as Promise<Client>));
  pki = buildLoginPki();
});
afterAll(async () => {
  await Promise.all((clients ?? []).map((c) => c.quit()));
  await redis?.stop();
  pki?.dir.remove();
});

const stores = (): RedisChallengeStore[] => clients.map((c) => new RedisChallengeStore(c));

describe('RedisChallengeStore (issue 9 §4: several portal instances, atomic consume)', () => {
  it('a challenge is consumed once across instances; replays say reused', async () => {
    const [a, b] = stores();
    const { challenge } = await issueChallenge(a!, { sessionId: 's1' });
    expect(await b!.consume(challenge, 's1', Date.now())).toBe('ok');
    expect(await a!.consume(challenge, 's1', Date.now())).toBe('reused');
    expect(await a!.consume('never-issued', 's1', Date.now())).toBe('unknown');
  });

  it('another session cannot use or burn the challenge; expiry is reported and uses it up', async () => {
    const [a] = stores();
    const { challenge, expiresAt } = await issueChallenge(a!, { sessionId: 's1', ttlMs: 1000 });
    expect(await a!.consume(challenge, 's2', Date.now())).toBe('session-mismatch');
    expect(await a!.consume(challenge, 's1', expiresAt + 1)).toBe('expired');
    expect(await a!.consume(challenge, 's1', Date.now())).toBe('reused');
    const key = `ukey:challenge:${challenge}`;
    const ttl = await clients[0]!.pTTL(key);
    expect(ttl).toBeGreaterThan(1000); // the tombstone outlives the challenge
  });

  it('parallel consumes from four clients: exactly one ok (200 rounds)', async () => {
    const all = stores();
    for (let round = 0; round < 200; round++) {
      const { challenge } = await issueChallenge(all[round % 4]!, { sessionId: 's' });
      const outcomes = await Promise.all(all.map((s) => s.consume(challenge, 's', Date.now())));
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'reused')).toHaveLength(3);
    }
  });

  it('two parallel verifyLogin calls of one response on two instances: exactly one wins', async () => {
    const [a, b] = stores();
    const trust = new MemoryTrustStore([{ der: pki.der('root'), anchor: true }]);
    const { challenge } = await issueChallenge(a!, { sessionId: 's1' });
    const response = JSON.stringify(makeLogin(pki, { leaf: 'p256', challenge }));
    const results = await Promise.allSettled(
      [a!, b!].map((store) => verifyLogin({ response, store, sessionId: 's1', expectedOrigins: [PORTAL], trust, crls: [pki.crls.int] })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'CHALLENGE_REUSED' });
  });
});
