/**
 * A job the window watches is gone (issue 15 §5): the worker that ran it was replaced (a crash, a reload of the
 * window), or the job ended with an error that is not one of ours. What the flow saved stays (renewal journal,
 * escrow record), so the user resumes it with 继续.
 */
import { registerError, UKeyError, type GuideId } from '../shared/errors';
import './error-texts';

export type JobLostReason = 'unknown' | 'internal';

export class JobLostError extends UKeyError {
  override readonly name = 'JobLostError';
  readonly guideId: GuideId = 'app-update';

  constructor(
    readonly jobId: string,
    readonly reason: JobLostReason,
    message = `job ${jobId} is no longer running (${reason})`,
  ) {
    super(message);
  }

  override toFields(): Record<string, string> {
    return { jobId: this.jobId, reason: this.reason };
  }
}
registerError('JobLostError', (message, f) => new JobLostError(String(f.jobId ?? ''), f.reason === 'internal' ? 'internal' : 'unknown', message));
