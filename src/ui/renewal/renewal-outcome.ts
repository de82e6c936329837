/**
 * What the renewal screen says and offers for the latest renewal of a key (issue 15 §2). A renewal that failed
 * after the CA certified its new key (`keyKept`) is not "failed, nothing happened": the new key and certificate
 * are on the UKEY, and the way on is to finish it (confirm that certificate again) — a new renewal would make
 * another key. So its button resumes the journal, as for an unfinished one; only a clean failure starts anew.
 */
import type { JobRequest, RenewalStatus, StartRenewalParams } from '../../worker';

export type RenewalOutcome = 'none' | 'unfinished' | 'done' | 'failed' | 'kept';

export function renewalOutcome(status: RenewalStatus | null): RenewalOutcome {
  if (!status) return 'none';
  if (status.step === 'done') return 'done';
  if (status.step === 'failed') return status.keyKept === true ? 'kept' : 'failed';
  return 'unfinished';
}

/** The journal goes on (its CA address, its key): an unfinished renewal, or a kept one being finished. */
export const continuesJournal = (outcome: RenewalOutcome): boolean => outcome === 'unfinished' || outcome === 'kept';

/** The job the screen's button starts: resume the journal when it goes on, else a new renewal of `start`'s key. */
export function runRequest(status: RenewalStatus | null, start: Pick<StartRenewalParams, 'tokenId' | 'keyRef' | 'caUrl'>, secrets: { readonly pin: string; readonly adminKeyHex?: string }): JobRequest {
  if (status && continuesJournal(renewalOutcome(status))) return { kind: 'resume-renewal', params: { id: status.id, ...secrets } };
  return { kind: 'start-renewal', params: { ...start, ...secrets } };
}

/** The button's text key (renewal-texts.ts). */
export function runButtonKey(outcome: RenewalOutcome): 'startButton' | 'continueButton' | 'finishKeptButton' {
  return outcome === 'unfinished' ? 'continueButton' : outcome === 'kept' ? 'finishKeptButton' : 'startButton';
}
