// The worker's job table (issue 15 §5): start answers before the flow's first step, progress counts every
// reported step, a finished job keeps its result or typed error as plain data, a second start of a running id
// joins it, and an id this worker never ran is answered from what the flow saved.
import { describe, expect, it } from 'vitest';
import { deserializeError } from '../../../src/shared/errors/error-registry';
import { UnlockTransferError } from '../../../src/flows/unlock/errors';
import { JobTable } from '../../../src/worker/jobs';
import { JobLostError } from '../../../src/worker/jobs-errors';
import type { JobResult, JobStatus } from '../../../src/worker/jobs-api';

/** A flow the test moves by hand: each `step()` reports a phase; `finish` / `fail` end it. */
function handFlow() {
  let report: ((phase: 'pending' | 'changing') => void) | null = null;
  let end: { resolve: (r: JobResult) => void; reject: (e: unknown) => void } | null = null;
  const started = { count: 0 };
  const run = (r: Parameters<Parameters<JobTable['start']>[2]>[0]) => {
    started.count++;
    report = (phase) => r({ flow: 'escrow', phase });
    return new Promise<JobResult>((resolve, reject) => (end = { resolve, reject }));
  };
  return { run, started, step: (phase: 'pending' | 'changing') => report!(phase), finish: (r: JobResult) => end!.resolve(r), fail: (e: unknown) => end!.reject(e) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('JobTable', () => {
  it('answers start before the flow runs, counts progress, and keeps the result', async () => {
    const table = new JobTable();
    const flow = handFlow();
    const ticket = table.start('register-unlock:T', 'register-unlock', flow.run);
    expect(ticket).toEqual({ id: 'register-unlock:T', kind: 'register-unlock' });
    expect(flow.started.count).toBe(0); // the window has its id before any card command
    await settle();
    expect(flow.started.count).toBe(1);
    expect(table.busy()).toBe(true);
    flow.step('pending');
    flow.step('changing');
    const running = await table.status(ticket.id);
    expect(running).toMatchObject({ state: 'running', progressCount: 2, progress: { flow: 'escrow', phase: 'changing' } });
    const result: JobResult = { flow: 'escrow', status: { tokenId: 'T', keySerial: 'S', escrowPhase: 'committed', registered: true, request: null, unblockCodeTriesLeft: 3, pinBlocked: false } };
    flow.finish(result);
    await settle();
    expect(await table.status(ticket.id)).toMatchObject({ state: 'done', result });
    expect(table.busy()).toBe(false);
  });

  it('a second start of a running id joins it, whatever its kind: the flow runs once', async () => {
    const table = new JobTable();
    const flow = handFlow();
    table.start('renewal:R', 'start-renewal', flow.run);
    expect(table.start('renewal:R', 'resume-renewal', flow.run)).toEqual({ id: 'renewal:R', kind: 'start-renewal' });
    await settle();
    expect(flow.started.count).toBe(1);
  });

  it('a failed job keeps its typed error as plain data; an error that is not ours becomes JobLostError', async () => {
    const table = new JobTable();
    const typed = handFlow();
    const odd = handFlow();
    table.start('a', 'register-unlock', typed.run);
    table.start('b', 'register-unlock', odd.run);
    await settle();
    typed.fail(new UnlockTransferError(null, true, 'the CA did not answer'));
    odd.fail(new TypeError('boom'));
    await settle();
    const a = await table.status('a');
    const b = await table.status('b');
    expect(a.state).toBe('failed');
    expect(deserializeError(a.error!)).toBeInstanceOf(UnlockTransferError);
    expect(deserializeError(b.error!)).toBeInstanceOf(JobLostError);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a); // crosses postMessage as it is
  });

  it('an id it never ran is answered from the saved state, else unknown', async () => {
    const saved: JobStatus = { id: 'renewal:R9', kind: null, state: 'stopped', progressCount: 0, progress: null, result: null, error: null };
    const table = new JobTable(async (id) => (id === 'renewal:R9' ? saved : null));
    expect(await table.status('renewal:R9')).toBe(saved);
    expect((await table.status('renewal:nope')).state).toBe('unknown');
  });

  it('keeps only the newest finished jobs', async () => {
    const table = new JobTable(undefined, 2);
    for (const id of ['1', '2', '3']) {
      const flow = handFlow();
      table.start(id, 'resume-escrow', flow.run);
      await settle();
      flow.fail(new UnlockTransferError(null, true, 'x'));
      await settle();
    }
    expect((await table.status('1')).state).toBe('unknown');
    expect((await table.status('3')).state).toBe('failed');
  });
});
