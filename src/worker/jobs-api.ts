/**
 * Long flows as jobs (issue 15 §5, review defects 11 and 16): renewal and online unlock chain key generation,
 * signatures and CA round trips, far past any sensible time limit for one call. `startJob` answers at once with
 * an id; the window then polls `jobStatus` (plain data, no callback to keep alive across reloads or worker
 * restarts). A job whose flow persists its state (renewal journal, escrow record) can be re-attached by id.
 */
import type { SerializedUKeyError } from '../shared/errors';
import type { EscrowPhase } from '../flows/unlock';
import type { RenewalStatus, ResumeRenewalParams, StartRenewalParams } from './renewal-api';
import type { RedeemUnlockParams, RegisterUnlockParams, UnlockResult, UnlockStatus } from './unlock-api';

export type JobRequest =
  | { readonly kind: 'start-renewal'; readonly params: StartRenewalParams }
  | { readonly kind: 'resume-renewal'; readonly params: ResumeRenewalParams }
  | { readonly kind: 'register-unlock'; readonly params: RegisterUnlockParams }
  | { readonly kind: 'resume-escrow'; readonly params: { readonly tokenId: string; readonly pin?: string } }
  | { readonly kind: 'redeem-unlock'; readonly params: RedeemUnlockParams };

export type JobKind = JobRequest['kind'];

/** The step a job reached, in the flow's own words (the UI turns it into text and a progress bar). */
export type JobProgress =
  | { readonly flow: 'renewal'; readonly status: RenewalStatus }
  | { readonly flow: 'escrow'; readonly phase: EscrowPhase }
  | { readonly flow: 'unlock'; readonly step: 'releasing' | 'unblocking' };

export type JobResult =
  | { readonly flow: 'renewal'; readonly status: RenewalStatus }
  | { readonly flow: 'unlock'; readonly result: UnlockResult }
  | { readonly flow: 'escrow'; readonly status: UnlockStatus };

/**
 * - `running`: in this worker now;
 * - `done` / `failed`: finished in this worker (result or error);
 * - `stopped`: not running here, but its flow's saved state says where it stopped (a run in a worker that is gone);
 * - `unknown`: no such job here and nothing saved under its id.
 */
export type JobState = 'running' | 'done' | 'failed' | 'stopped' | 'unknown';

export interface JobStatus {
  readonly id: string;
  readonly kind: JobKind | null;
  readonly state: JobState;
  /** Counts the steps reported so far: while it grows, the job is alive (the window's watchdog reads it). */
  readonly progressCount: number;
  readonly progress: JobProgress | null;
  readonly result: JobResult | null;
  readonly error: SerializedUKeyError | null;
}

export interface JobTicket {
  readonly id: string;
  readonly kind: JobKind;
}

export interface JobApi {
  /** Starts (or joins, same id) a long flow and answers at once. The PIN lives in the run only. */
  startJob(request: JobRequest): Promise<JobTicket>;
  jobStatus(id: string): Promise<JobStatus>;
}

/** Job states after which nothing changes any more. */
export const isSettled = (state: JobState): boolean => state !== 'running';
