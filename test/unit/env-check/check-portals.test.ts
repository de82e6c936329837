import { describe, expect, it } from 'vitest';
import { checkPortals } from '../../../src/ui/env-check/check-portals';
import { runEnvironmentChecks } from '../../../src/ui/env-check/run-checks';
import { fakeEnv } from './fake-env';

const PORTALS = ['https://www.12309.gov.cn', 'https://gjj.example.gov.cn'];

describe('全面检查: the portals the keys signed in to (issue 8 §5)', () => {
  it('reachable sites pass, naming how many', async () => {
    const r = await checkPortals(fakeEnv(), PORTALS);
    expect(r.status).toBe('pass');
    expect(r.cause['zh-CN']).toContain('2 个');
  });

  it('a site stopped by the network or a proxy fails, names it and points to the proxy guide', async () => {
    const r = await checkPortals(fakeEnv({ reachSite: async (origin) => !origin.includes('12309') }), PORTALS);
    expect(r.status).toBe('fail');
    expect(r.guideId).toBe('proxy-exceptions');
    expect(r.cause['zh-CN']).toContain('https://www.12309.gov.cn');
    expect(r.cause['zh-CN']).not.toContain('gjj');
  });

  it('offline or with no sign-in history it says "未检查" with why — never a green OK', async () => {
    expect((await checkPortals(fakeEnv({ isOnline: false }), PORTALS)).status).toBe('unchecked');
    const none = await checkPortals(fakeEnv(), []);
    expect(none.status).toBe('unchecked');
    expect(none.cause['zh-CN']).toMatch(/^未检查/);
  });

  it('runs in the full check, in its place after the network', async () => {
    const ids = (await runEnvironmentChecks(fakeEnv(), [], PORTALS)).map((c) => c.id);
    expect(ids.indexOf('portals')).toBe(ids.indexOf('online') + 1);
  });
});
