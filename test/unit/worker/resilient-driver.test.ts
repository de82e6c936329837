/**
 * The window recovers from a crashed or stuck driver worker (issue 7 §2): the call in flight ends with a typed
 * error instead of leaving a form busy forever, the worker is replaced for the next call, and nothing is
 * re-sent on the user's behalf.
 */
import { describe, expect, it } from 'vitest';
import { SERVICE_METHODS, SERVICE_NAMES } from '../../../src/worker/api-surface';
import { asDriver } from '../../support/flat-driver';
import { DriverCrashedError, DriverTimeoutError } from '../../../src/worker/driver-errors';
import { resilientDriver, type DriverInstance } from '../../../src/ui/driver-client/resilient-driver';

interface FakeWorker extends DriverInstance {
  readonly calls: string[];
  crash(): void;
  terminated: boolean;
}

/** A worker whose service answers `behaviour(method)`; `crash()` is its onerror. */
function fakeWorker(behaviour: (method: string) => Promise<unknown>): FakeWorker {
  let crash: (error: unknown) => void = () => undefined;
  const crashed = new Promise<never>((_, reject) => {
    crash = reject;
  });
  crashed.catch(() => undefined);
  const calls: string[] = [];
  const worker: FakeWorker = {
    calls,
    terminated: false,
    crashed,
    crash: () => crash(new DriverCrashedError('start')),
    terminate: () => {
      worker.terminated = true;
    },
    service: asDriver(new Proxy({}, {
      get: (_t, method) => (typeof method === 'string' ? () => (calls.push(method), behaviour(method)) : undefined),
    })),
  };
  return worker;
}

const never = () => new Promise<never>(() => undefined);

describe('resilientDriver', () => {
  it('a worker that crashes mid-call rejects the call with DriverCrashedError, and the next call gets a fresh worker', async () => {
    const workers: FakeWorker[] = [];
    const driver = resilientDriver(() => {
      const worker = fakeWorker((method) => (workers.length === 1 && method === 'verifyPin' ? never() : Promise.resolve('ok')));
      workers.push(worker);
      return worker;
    });
    const pending = driver.pin.verifyPin('t', '123456');
    await Promise.resolve();
    workers[0]!.crash();
    await expect(pending).rejects.toMatchObject({ name: 'DriverCrashedError', operation: 'verifyPin' });
    expect(workers[0]!.terminated).toBe(true);
    expect(await driver.tokens.listPairedTokens()).toBe('ok');
    expect(workers).toHaveLength(2);
    // The cut-off PIN call was sent once and never again.
    expect(workers.flatMap((w) => w.calls).filter((m) => m === 'verifyPin')).toHaveLength(1);
  });

  it('a stuck call ends with DriverTimeoutError after its limit; the stuck worker is terminated', async () => {
    const workers: FakeWorker[] = [];
    const driver = resilientDriver(
      () => {
        const worker = fakeWorker((method) => (method === 'readCertificates' ? never() : Promise.resolve([])));
        workers.push(worker);
        return worker;
      },
      () => 20,
    );
    await expect(driver.tokens.readCertificates('t')).rejects.toBeInstanceOf(DriverTimeoutError);
    expect(workers[0]!.terminated).toBe(true);
    await driver.tokens.listPairedTokens();
    expect(workers).toHaveLength(2);
  });

  it('a crash while idle retires the worker before the next call, which then just works', async () => {
    const workers: FakeWorker[] = [];
    const driver = resilientDriver(() => {
      const worker = fakeWorker(() => Promise.resolve('ok'));
      workers.push(worker);
      return worker;
    });
    await driver.tokens.listPairedTokens();
    workers[0]!.crash();
    await Promise.resolve();
    expect(await driver.tokens.listPairedTokens()).toBe('ok');
    expect(workers).toHaveLength(2);
  });

  it('typed errors from the card pass through unchanged and keep the worker', async () => {
    const workers: FakeWorker[] = [];
    const driver = resilientDriver(() => {
      const worker = fakeWorker(() => Promise.reject(Object.assign(new Error('wrong'), { name: 'WrongPinError' })));
      workers.push(worker);
      return worker;
    });
    await expect(driver.pin.verifyPin('t', '000000')).rejects.toMatchObject({ name: 'WrongPinError' });
    await expect(driver.pin.verifyPin('t', '000000')).rejects.toMatchObject({ name: 'WrongPinError' });
    expect(workers).toHaveLength(1);
  });

  it('the window handle has the worker endpoint shape: each service, only its declared methods (issue 17 §4)', async () => {
    const driver = resilientDriver(() => fakeWorker(() => Promise.resolve('ok')));
    const handle = driver as unknown as Record<string, Record<string, unknown> | undefined>;
    expect(Object.keys(driver).sort()).toEqual([...SERVICE_NAMES].sort());
    for (const service of SERVICE_NAMES) {
      for (const method of SERVICE_METHODS[service]) expect(typeof handle[service]![method]).toBe('function');
    }
    expect(handle.tokens!.verifyPin).toBeUndefined(); // a PIN method under the wrong service
    expect(handle.renewal!.run).toBeUndefined(); // a private helper of the renewal service
    expect(handle.everything).toBeUndefined();
    expect(await driver.records.getSetting('lang')).toBe('ok');
  });
});
