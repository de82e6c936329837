/**
 * The worker's job table (issue 15 §5): a job runs inside the worker while the window's call that started it has
 * long returned. The table keeps no request (no PIN): only the id, the last progress, and the result or the
 * error as plain data. A finished job is kept (a bounded number) so a window that re-attaches still reads how it
 * ended; an id this worker never ran is answered from what the flow persisted (`saved`).
 */
import { serializeError, UKeyError } from '../shared/errors';
import { JobLostError } from './jobs-errors';
import type { JobKind, JobProgress, JobResult, JobStatus, JobTicket } from './jobs-api';

export type Report = (progress: JobProgress) => void;

/** What the flow saved under a job id, for a job this worker is not running (null: nothing saved). */
export type SavedJobState = (id: string) => Promise<JobStatus | null>;

interface Entry {
  status: JobStatus;
}

export class JobTable {
  private readonly jobs = new Map<string, Entry>();

  constructor(
    private readonly saved: SavedJobState = () => Promise.resolve(null),
    private readonly keepFinished = 32,
  ) {}

  /**
   * Starts `run` under `id` and returns at once; a job already running under `id` is joined (its ticket), so a
   * second press or a re-attaching window never starts the flow twice — the id names the subject (a renewal, a
   * token's escrow), so "resume renewal R" joins the still running "start" that created R.
   */
  start(id: string, kind: JobKind, run: (report: Report) => Promise<JobResult>): JobTicket {
    const current = this.jobs.get(id);
    if (current?.status.state === 'running') return { id, kind: current.status.kind ?? kind };
    const entry: Entry = { status: { id, kind, state: 'running', progressCount: 0, progress: null, result: null, error: null } };
    this.jobs.delete(id); // re-inserted last: the oldest finished jobs are dropped first
    this.jobs.set(id, entry);
    const report: Report = (progress) => {
      if (entry.status.state !== 'running') return;
      entry.status = { ...entry.status, progress, progressCount: entry.status.progressCount + 1 };
    };
    // Deferred by one task: the ticket reaches the window before the flow's first card command.
    void Promise.resolve()
      .then(() => run(report))
      .then(
        (result) => (entry.status = { ...entry.status, state: 'done', result }),
        (error: unknown) => (entry.status = { ...entry.status, state: 'failed', error: serializeError(asUKeyError(id, error)) }),
      )
      .finally(() => this.prune());
    return { id, kind };
  }

  async status(id: string): Promise<JobStatus> {
    const entry = this.jobs.get(id);
    if (entry) return entry.status;
    return (await this.saved(id)) ?? { id, kind: null, state: 'unknown', progressCount: 0, progress: null, result: null, error: null };
  }

  /** True while any job of this worker runs (a card command may be in flight). */
  busy(): boolean {
    return [...this.jobs.values()].some((e) => e.status.state === 'running');
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.status.state !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - this.keepFinished))) this.jobs.delete(old.status.id);
  }
}

/** A flow throws UKeyErrors; anything else is a defect of ours, reported as a lost job rather than dropped. */
function asUKeyError(id: string, error: unknown): UKeyError {
  if (error instanceof UKeyError) return error;
  return new JobLostError(id, 'internal', error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
