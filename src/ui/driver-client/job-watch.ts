/**
 * The window's side of a job (issue 15 §5): start it, then poll its status until it ends, handing each new step
 * to the screen. Polling rather than a comlink callback: a status is plain data any window can ask for by id —
 * after navigating away and back, or from a fresh worker that reads the flow's saved state — and the polls are
 * what tells the resilient driver the job is alive (resilient-driver.ts). A job that ends with an error throws
 * it typed; a job that is no longer running anywhere throws JobLostError (the user resumes with 继续).
 */
import { deserializeError } from '../../shared/errors';
import {
  DriverTimeoutError,
  JobLostError,
  type JobApi,
  type JobProgress,
  type JobRequest,
  type JobResult,
} from '../../worker';
import { JOB_STALL_MS } from './resilient-driver';

export interface WatchOptions {
  readonly pollMs?: number;
  readonly stallMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const POLL_MS = 400;

export async function runJob(driver: JobApi, request: JobRequest, onProgress: (progress: JobProgress) => void, options: WatchOptions = {}): Promise<JobResult> {
  const ticket = await driver.startJob(request);
  return watchJob(driver, ticket.id, onProgress, options);
}

/** Follows job `id` to its end (also one started by an earlier visit of the screen: re-attach by id). */
export async function watchJob(driver: JobApi, id: string, onProgress: (progress: JobProgress) => void, options: WatchOptions = {}): Promise<JobResult> {
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const stallMs = options.stallMs ?? JOB_STALL_MS;
  let count = -1;
  let movedAt = now();
  for (;;) {
    const status = await driver.jobStatus(id);
    if (status.progress && status.progressCount !== count) {
      count = status.progressCount;
      movedAt = now();
      onProgress(status.progress);
    }
    if (status.state === 'done' && status.result) return status.result;
    if (status.state === 'failed' && status.error) throw deserializeError(status.error);
    if (status.state !== 'running') throw new JobLostError(id, 'unknown');
    // No step for longer than one key generation: the screen is told (the job, if alive, goes on; 继续 joins it).
    if (now() - movedAt >= stallMs) throw new DriverTimeoutError(status.kind ?? id, stallMs);
    await sleep(options.pollMs ?? POLL_MS);
  }
}
