import { describe, expect, it } from 'vitest';
import { exposeService, SERVICE_METHODS, SERVICE_NAMES } from '../../src/worker/api-surface';
import { createDeviceService } from '../../src/worker/device-service';
import { harness } from './demo-service';

/**
 * Issue 17 §4 / code review defect 6: the window reaches exactly the methods the API interfaces declare, each
 * under its own service. Before, every prototype function of every service was copied onto one flat endpoint —
 * `run` (skips the renewal dedupe), `adminKeyFor` (returns administrative-key bytes), `factoryPuk`, `ports`,
 * `serial`, `now` among them — and one service could overwrite another's method of the same name.
 */
const PRIVATE_HELPERS = ['run', 'adminKeyFor', 'factoryPuk', 'ports', 'serial', 'now', 'getTokenInfo', 'constructor', '__proto__', 'toString'];

/** Everything reachable on `value` by a comlink path: own names, and the names its prototype chain adds. */
function reachable(value: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = value; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) names.add(name);
  }
  return [...names].sort();
}

describe('the worker endpoint exposes only its declared API, per service (issue 17 §4)', () => {
  const endpoint = createDeviceService({ sources: [], loadDemo: () => Promise.reject(new Error('no demo here')) });

  it('the endpoint holds exactly the declared services, and nothing else is reachable on it', () => {
    expect(reachable(endpoint)).toEqual([...SERVICE_NAMES].sort());
    expect(Object.isFrozen(endpoint)).toBe(true);
  });

  for (const service of SERVICE_NAMES) {
    it(`${service}: exactly its declared methods, no prototype, frozen`, () => {
      const surface = (endpoint as unknown as Record<string, object>)[service]!;
      expect(reachable(surface)).toEqual([...SERVICE_METHODS[service]].sort());
      for (const name of reachable(surface)) expect(typeof (surface as Record<string, unknown>)[name]).toBe('function');
      for (const name of PRIVATE_HELPERS) expect(Object.hasOwn(surface, name) || name in surface).toBe(false);
      expect(Object.isFrozen(surface)).toBe(true);
    });
  }

  it('a private helper, or another service’s method, cannot be called across the comlink hop', async () => {
    const h = await harness();
    try {
      const remote = h.remote as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
      for (const [service, name] of [['unlock', 'factoryPuk'], ['keyAdmin', 'adminKeyFor'], ['renewal', 'run'], ['tokens', 'verifyPin'], ['pin', 'open']] as const) {
        await expect(remote[service]![name]!('demo')).rejects.toThrow();
      }
      await h.remote.tokens.startDemoToken();
      expect((await h.remote.tokens.open('demo')).serialNumber).not.toBeUndefined();
    } finally {
      h.close();
    }
  });

  it('exposeService copies only the named methods, bound to their service', () => {
    class Service {
      private secret = 41;
      answer(): number {
        return this.secret + 1;
      }
      helper(): number {
        return this.secret;
      }
    }
    const surface = exposeService(new Service(), ['answer']);
    expect(reachable(surface)).toEqual(['answer']);
    expect(surface.answer()).toBe(42);
  });
});
