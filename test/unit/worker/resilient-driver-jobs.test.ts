/**
 * The window tells a long job from a stuck call (issue 15 §5, review defect 11): while a job this window started
 * keeps reporting progress, a call that runs out of time is reported but the worker — maybe mid card command —
 * is kept. A job that stops progressing for longer than the stall limit no longer protects the worker. Time is a
 * hand-moved clock for "progress age"; call limits are 1 ms so the timers fire at once.
 */
import { describe, expect, it } from 'vitest';
import { asDriver } from '../../support/flat-driver';
import type { JobStatus } from '../../../src/worker/jobs-api';
import { resilientDriver, type DriverInstance } from '../../../src/ui/driver-client/resilient-driver';

interface FakeWorker extends DriverInstance {
  terminated: boolean;
  progress: number;
}

/** A worker running one job 'renewal:R' whose progress count the test moves; getPinStatus never answers. */
function jobWorker(): FakeWorker {
  const worker: FakeWorker = {
    terminated: false,
    progress: 0,
    crashed: new Promise<never>(() => undefined),
    terminate: () => void (worker.terminated = true),
    service: asDriver(new Proxy({}, {
      get: (_t, method) => {
        if (method === 'startJob') return () => Promise.resolve({ id: 'renewal:R', kind: 'resume-renewal' });
        if (method === 'jobStatus')
          return () => Promise.resolve({ id: 'renewal:R', kind: 'resume-renewal', state: 'running', progressCount: worker.progress, progress: null, result: null, error: null } satisfies JobStatus);
        return () => new Promise<never>(() => undefined);
      },
    })),
  };
  return worker;
}

function setup() {
  const clock = { now: 0 };
  const workers: FakeWorker[] = [];
  const driver = resilientDriver(
    () => {
      const w = jobWorker();
      workers.push(w);
      return w;
    },
    (call) => (call === 'pin.getPinStatus' ? 1 : 60_000),
    { now: () => clock.now, jobStallMs: 1_000 },
  );
  return { clock, workers, driver };
}

describe('resilientDriver with jobs', () => {
  it('a call that times out while a job reports progress does not terminate the worker', async () => {
    const { clock, workers, driver } = setup();
    await driver.jobs.startJob({ kind: 'resume-renewal', params: { id: 'R', pin: '123456' } });
    clock.now = 900;
    workers[0]!.progress = 1;
    await driver.jobs.jobStatus('renewal:R'); // progress seen at 900
    clock.now = 1_800; // 900 since the last step: alive
    await expect(driver.pin.getPinStatus('t')).rejects.toMatchObject({ name: 'DriverTimeoutError', operation: 'getPinStatus' });
    expect(workers[0]!.terminated).toBe(false);
    expect(workers).toHaveLength(1);
  });

  it('a job with no new step for longer than the stall limit no longer protects the worker', async () => {
    const { clock, workers, driver } = setup();
    await driver.jobs.startJob({ kind: 'resume-renewal', params: { id: 'R', pin: '123456' } });
    await driver.jobs.jobStatus('renewal:R');
    clock.now = 5_000;
    await driver.jobs.jobStatus('renewal:R'); // same count: no progress since 0
    await expect(driver.pin.getPinStatus('t')).rejects.toMatchObject({ name: 'DriverTimeoutError' });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('without any job a stuck call still costs the worker (issue 7 §2 unchanged)', async () => {
    const { workers, driver } = setup();
    await expect(driver.pin.getPinStatus('t')).rejects.toMatchObject({ name: 'DriverTimeoutError' });
    expect(workers[0]!.terminated).toBe(true);
  });
});
