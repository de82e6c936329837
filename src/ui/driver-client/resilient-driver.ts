/**
 * A DeviceService that survives its worker (issue 7 §2): every call races the worker's crash and a time limit;
 * when either wins, the call rejects with a typed error, the worker is terminated, and the next call starts a
 * fresh one. No call is ever repeated on the user's behalf — a PIN operation that was cut off is reported,
 * never re-sent (DESIGN.md §7).
 */
import type { DeviceService } from '../../worker/device-service-api';
import { DriverCrashedError, DriverTimeoutError } from '../../worker/driver-errors';

/** One running worker: its service, a way to stop it, and a promise that rejects when it crashes. */
export interface DriverInstance {
  readonly service: DeviceService;
  readonly crashed: Promise<never>;
  terminate(): void;
}

/** Time limits per call. Key generation on RSA tokens takes tens of seconds; reads of a full card a few. */
const DEFAULT_TIMEOUT_MS = 45_000;
const TIMEOUT_MS: Partial<Record<keyof DeviceService, number>> = { generateKey: 180_000, createCsr: 90_000, sign: 90_000 };

export function timeoutFor(method: string): number {
  return TIMEOUT_MS[method as keyof DeviceService] ?? DEFAULT_TIMEOUT_MS;
}

export function resilientDriver(start: () => DriverInstance, timeouts: (method: string) => number = timeoutFor): DeviceService {
  let current: DriverInstance | null = null;
  const retire = (dead: DriverInstance): void => {
    if (current === dead) current = null;
    dead.terminate();
  };
  const instance = (): DriverInstance => {
    if (!current) {
      const started = start();
      // A crash while idle retires the worker at once, so the next call starts a fresh one.
      started.crashed.catch(() => retire(started));
      current = started;
    }
    return current;
  };
  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    const running = instance();
    const fn = (running.service as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = timeouts(method);
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DriverTimeoutError(method, limit)), limit);
    });
    try {
      return await Promise.race([fn.apply(running.service, args), running.crashed, timedOut]);
    } catch (error) {
      if (error instanceof DriverCrashedError || error instanceof DriverTimeoutError) retire(running);
      if (error instanceof DriverCrashedError) throw new DriverCrashedError(method);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  return new Proxy({} as DeviceService, {
    get: (_target, method) => (typeof method === 'string' && method !== 'then' ? (...args: unknown[]) => call(method, args) : undefined),
  });
}
