import { describe, expect, it } from 'vitest';
import { expose, joinSurfaces, WINDOW_CALLABLE } from '../../src/worker/api-surface';
import { createDeviceService } from '../../src/worker/device-service';
import { harness } from './demo-service';

/**
 * Issue 17 §4 / code review defect 6: the window reaches exactly the methods the API interfaces declare.
 * Before, every prototype function of every service was copied onto the endpoint — `run` (skips the renewal
 * dedupe), `managementKeyFor` (returns management-key bytes), `factoryPuk`, `ports`, `serial`, `now` among them.
 */
const PRIVATE_HELPERS = ['run', 'managementKeyFor', 'factoryPuk', 'ports', 'serial', 'now', 'getTokenInfo', 'constructor'];

describe('the worker endpoint exposes only its declared API (issue 17 §4)', () => {
  it('own callable names are exactly the declared ones', () => {
    const service = createDeviceService({ sources: [], loadDemo: () => Promise.reject(new Error('no demo here')) });
    const callable = Object.keys(service).filter((k) => typeof (service as unknown as Record<string, unknown>)[k] === 'function');
    expect(callable.sort()).toEqual([...WINDOW_CALLABLE].sort());
    expect(new Set(WINDOW_CALLABLE).size).toBe(WINDOW_CALLABLE.length);
    for (const name of PRIVATE_HELPERS) expect(callable).not.toContain(name);
  });

  it('a private helper cannot be called across the comlink hop', async () => {
    const h = await harness();
    try {
      const remote = h.remote as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      for (const name of ['managementKeyFor', 'factoryPuk', 'run']) {
        await expect(remote[name]!('demo')).rejects.toThrow();
      }
      await h.remote.startDemoToken();
      expect((await h.remote.open('demo')).serialNumber).not.toBeUndefined();
    } finally {
      h.close();
    }
  });

  it('two services declaring one name are refused, not silently merged', () => {
    const a = expose({ status: () => 'a' }, ['status']);
    const b = expose({ status: () => 'b' }, ['status']);
    expect(() => joinSurfaces([a, b])).toThrow(/two services declare status/);
  });
});
