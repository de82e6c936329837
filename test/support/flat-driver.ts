/**
 * Test doubles of the window's driver handle (issue 17 §4): a test writes one flat fake with the methods it
 * needs; `asDriver` serves each under the service that declares it (`driver.pin.verifyPin` → fake.verifyPin),
 * read at call time so a test may swap a method later. A method no service declares is never reachable.
 */
import { SERVICE_METHODS, SERVICE_NAMES } from '../../src/worker/api-surface';
import type { DeviceService } from '../../src/worker/device-service-api';

export function asDriver(flat: object): DeviceService {
  const out: Record<string, unknown> = {};
  for (const service of SERVICE_NAMES) {
    const declared: readonly string[] = SERVICE_METHODS[service];
    out[service] = new Proxy(
      {},
      {
        get: (_target, method) => {
          if (typeof method !== 'string' || !declared.includes(method)) return undefined;
          const fn = (flat as Record<string, unknown>)[method];
          return typeof fn === 'function' ? (fn as (...a: unknown[]) => unknown).bind(flat) : undefined;
        },
      },
    );
  }
  return out as unknown as DeviceService;
}
