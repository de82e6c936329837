/**
 * Challenge store shared by several portal instances, on Redis (≥ 6.0 for SET … KEEPTTL). The consume is one
 * Lua script, which Redis runs atomically (EVAL: "no other script or command will be executed" meanwhile),
 * so exactly one of several parallel verifies of a challenge sees it unused.
 */
import type { ChallengeRecord, ChallengeStore, ConsumeOutcome } from './challenge-store';
import { TOMBSTONE_MS } from './challenge-store';

/** The two node-redis (v4–v6) calls the store uses; a `createClient()` client fits. */
export interface RedisCommands {
  set(key: string, value: string, options: { expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

const USED = 'used';
// Value: "<expiresAt ms> <sessionId>" or "used". KEYS[1] challenge key; ARGV[1] session id; ARGV[2] now ms.
const CONSUME_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if not v then return 'unknown' end
if v == '${USED}' then return 'reused' end
local sep = string.find(v, ' ', 1, true)
if not sep then return 'unknown' end
if string.sub(v, sep + 1) ~= ARGV[1] then return 'session-mismatch' end
redis.call('SET', KEYS[1], '${USED}', 'KEEPTTL')
if tonumber(ARGV[2]) > tonumber(string.sub(v, 1, sep - 1)) then return 'expired' end
return 'ok'
`;

const OUTCOMES = new Set<ConsumeOutcome>(['ok', 'unknown', 'reused', 'expired', 'session-mismatch']);

export class RedisChallengeStore implements ChallengeStore {
  constructor(
    private readonly redis: RedisCommands,
    private readonly prefix = 'ukey:challenge:',
  ) {}

  async save(challenge: string, record: ChallengeRecord, keepMs: number): Promise<void> {
    const value = `${record.expiresAt} ${record.sessionId}`;
    await this.redis.set(this.prefix + challenge, value, { expiration: { type: 'PX', value: Math.ceil(keepMs) + TOMBSTONE_MS } });
  }

  async consume(challenge: string, sessionId: string, nowMs: number): Promise<ConsumeOutcome> {
    const reply = await this.redis.eval(CONSUME_SCRIPT, { keys: [this.prefix + challenge], arguments: [sessionId, String(nowMs)] });
    const outcome = String(reply) as ConsumeOutcome;
    if (!OUTCOMES.has(outcome)) throw new Error(`unexpected reply from the challenge script: ${String(reply)}`);
    return outcome;
  }
}
