/**
 * The window follows a job by polling (issue 15 §5): each new step reaches the screen once, the result or the
 * typed error ends the watch, a job gone from the worker is JobLostError, and a job without a new step for the
 * stall limit is reported (hand-moved clock; `sleep` advances it, so nothing waits on wall time).
 */
import { describe, expect, it } from 'vitest';
import { serializeError } from '../../../src/shared/errors/error-registry';
import { UnlockTransferError } from '../../../src/flows/unlock/errors';
import type { JobApi, JobProgress, JobStatus } from '../../../src/worker/jobs-api';
import { runJob, watchJob } from '../../../src/ui/driver-client/job-watch';

const base: JobStatus = { id: 'register-unlock:T', kind: 'register-unlock', state: 'running', progressCount: 0, progress: null, result: null, error: null };

/** A worker whose successive jobStatus answers are `script` (the last one repeats). */
function scripted(script: JobStatus[]): JobApi & { polls: number } {
  const api = {
    polls: 0,
    startJob: () => Promise.resolve({ id: base.id, kind: 'register-unlock' as const }),
    jobStatus: () => Promise.resolve(script[Math.min(api.polls++, script.length - 1)]!),
  };
  return api;
}

function clock() {
  const c = { t: 0 };
  return { now: () => c.t, sleep: async (ms: number) => void (c.t += ms) };
}

describe('watchJob', () => {
  it('hands each new step to the screen once and returns the result', async () => {
    const result = { flow: 'escrow' as const, status: { tokenId: 'T', keySerial: 'S', escrowPhase: 'committed' as const, registered: true, request: null, unblockCodeTriesLeft: 3, pinBlocked: false } };
    const api = scripted([
      { ...base, progressCount: 1, progress: { flow: 'escrow', phase: 'pending' } },
      { ...base, progressCount: 1, progress: { flow: 'escrow', phase: 'pending' } },
      { ...base, progressCount: 2, progress: { flow: 'escrow', phase: 'changing' } },
      { ...base, state: 'done', progressCount: 3, progress: { flow: 'escrow', phase: 'committed' }, result },
    ]);
    const seen: JobProgress[] = [];
    expect(await runJob(api, { kind: 'register-unlock', params: { tokenId: 'T', pin: '123456' } }, (p) => seen.push(p), clock())).toEqual(result);
    expect(seen.map((p) => (p.flow === 'escrow' ? p.phase : ''))).toEqual(['pending', 'changing', 'committed']);
  });

  it('throws the job’s typed error', async () => {
    const api = scripted([{ ...base, state: 'failed', error: serializeError(new UnlockTransferError(null, true, 'the CA did not answer')) }]);
    await expect(watchJob(api, base.id, () => undefined, clock())).rejects.toBeInstanceOf(UnlockTransferError);
  });

  it('a job no longer running (a fresh worker, saved state only) is JobLostError', async () => {
    const api = scripted([{ ...base, state: 'stopped', progress: { flow: 'escrow', phase: 'pending' } }]);
    await expect(watchJob(api, base.id, () => undefined, clock())).rejects.toMatchObject({ name: 'JobLostError' });
  });

  it('a running job without a new step for the stall limit is reported, not polled for ever', async () => {
    const api = scripted([{ ...base, progressCount: 1, progress: { flow: 'escrow', phase: 'pending' } }]);
    await expect(watchJob(api, base.id, () => undefined, { ...clock(), stallMs: 2_000, pollMs: 500 })).rejects.toMatchObject({ name: 'DriverTimeoutError' });
    expect(api.polls).toBe(5);
  });
});
