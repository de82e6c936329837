/**
 * The worker's JobApi (issue 15 §5): maps a job request to its flow and runs it in the job table. Ids name what
 * the flow persists, so a window can re-attach after the worker that ran the job is gone: a renewal job is
 * `renewal:<journal id>` (a new renewal's journal takes the job's id), an unlock or escrow job
 * `<kind>:<token id>` (the escrow record is kept per token). One job per id runs at a time; a second start joins.
 */
import type { EscrowPhase } from '../flows/unlock';
import type { RenewalStatus } from './device-service-api';
import type { JobApi, JobKind, JobRequest, JobStatus, JobTicket } from './jobs-api';
import { JobTable, type Report } from './jobs';
import type { RenewalService } from './renewal-service';
import type { UnlockReport, UnlockService } from './unlock-service';

const FINAL_RENEWAL: ReadonlySet<string> = new Set(['done', 'failed']);

export class JobService implements JobApi {
  private readonly table: JobTable;

  constructor(
    private readonly renewal: RenewalService,
    private readonly unlock: UnlockService,
    private readonly newId: () => string = () => globalThis.crypto.randomUUID(),
  ) {
    this.table = new JobTable((id) => this.saved(id));
  }

  startJob(request: JobRequest): Promise<JobTicket> {
    return Promise.resolve(this.start(request));
  }

  jobStatus(id: string): Promise<JobStatus> {
    return this.table.status(id);
  }

  /** True while a job runs here (a card command may be in flight). */
  busy(): boolean {
    return this.table.busy();
  }

  private start(request: JobRequest): JobTicket {
    const renewalReport = (report: Report) => (status: RenewalStatus) => report({ flow: 'renewal', status });
    const unlockReport =
      (report: Report): UnlockReport =>
      (step) =>
        report('phase' in step ? { flow: 'escrow', phase: step.phase } : { flow: 'unlock', step: step.step });
    switch (request.kind) {
      case 'start-renewal': {
        const journalId = this.newId();
        return this.table.start(`renewal:${journalId}`, request.kind, async (report) => ({
          flow: 'renewal',
          status: await this.renewal.startReporting(request.params, renewalReport(report), journalId),
        }));
      }
      case 'resume-renewal':
        return this.table.start(`renewal:${request.params.id}`, request.kind, async (report) => ({
          flow: 'renewal',
          status: await this.renewal.resumeReporting(request.params, renewalReport(report)),
        }));
      case 'register-unlock':
        return this.table.start(`${request.kind}:${request.params.tokenId}`, request.kind, async (report) => ({
          flow: 'unlock',
          result: await this.unlock.registerReporting(request.params, unlockReport(report)),
        }));
      case 'resume-escrow':
        return this.table.start(`${request.kind}:${request.params.tokenId}`, request.kind, async (report) => ({
          flow: 'escrow',
          status: await this.unlock.resumeEscrowReporting(request.params, unlockReport(report)),
        }));
      case 'redeem-unlock':
        return this.table.start(`${request.kind}:${request.params.tokenId}`, request.kind, async (report) => ({
          flow: 'unlock',
          result: await this.unlock.redeemReporting(request.params, unlockReport(report)),
        }));
    }
  }

  /** A job this worker never ran, from what its flow saved: where it stopped, or how it ended. */
  private async saved(id: string): Promise<JobStatus | null> {
    const [prefix, subject] = splitId(id);
    if (prefix === 'renewal') {
      const status = await this.renewal.savedRenewal(subject).catch(() => null);
      if (!status) return null;
      const final = FINAL_RENEWAL.has(status.step);
      return settled(id, null, final ? 'done' : 'stopped', { flow: 'renewal', status }, final ? { flow: 'renewal', status } : null);
    }
    if (prefix === 'register-unlock' || prefix === 'resume-escrow' || prefix === 'redeem-unlock') {
      const phase: EscrowPhase | null = await this.unlock.savedEscrowPhase(subject).catch(() => null);
      return phase ? settled(id, prefix, 'stopped', { flow: 'escrow', phase }, null) : null;
    }
    return null;
  }
}

function splitId(id: string): [string, string] {
  const at = id.indexOf(':');
  return at < 0 ? [id, ''] : [id.slice(0, at), id.slice(at + 1)];
}

function settled(id: string, kind: JobKind | null, state: JobStatus['state'], progress: JobStatus['progress'], result: JobStatus['result']): JobStatus {
  return { id, kind, state, progressCount: 0, progress, result, error: null };
}
