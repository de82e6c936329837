/** Where a renewal stands, in words: the step with "n of m", waiting, done (with the CA's note) or failed. */
import type { Lang } from '../i18n';
import { renewalStepText, rt } from '../i18n/renewal-texts';
import type { RenewalStatus } from '../../worker';
import { useOnline } from '../use-app';

export function RenewalProgress({ status, lang, effectiveAfterMinutes }: { status: RenewalStatus; lang: Lang; effectiveAfterMinutes: number | null }) {
  // Offline and "the CA cannot be reached" ask different things of the clerk (issue 16 §2).
  const online = useOnline();
  const time = status.checkAfter ? new Date(status.checkAfter).toLocaleString(lang) : '';
  return (
    <div data-testid="renewal-progress" data-step={status.step}>
      <p>
        <progress max={status.stepCount} value={status.stepNumber} aria-hidden="true" />{' '}
        <span role="status">{rt(lang, 'stepProgress', { n: status.stepNumber, m: status.stepCount, text: renewalStepText(lang, status.step) })}</span>
      </p>
      {status.waiting && status.step === 'waiting' && status.checkAfter && Date.parse(status.checkAfter) > Date.now() ? (
        <p class="notice" data-testid="renewal-waiting-review">{rt(lang, 'waitingReview', { time })}</p>
      ) : status.waiting ? (
        <p class="notice" data-testid="renewal-waiting-network" data-kind={online ? 'ca-unreachable' : 'offline'}>{rt(lang, online ? 'waitingNetwork' : 'waitingOffline')}</p>
      ) : null}
      {status.step === 'done' ? (
        <div class="notice ok" data-testid="renewal-done">
          <p>{rt(lang, 'doneText')}</p>
          {status.activeKeyRef !== null ? <p>{rt(lang, 'doneActiveKeyRef', { keyRef: status.activeKeyRef.toString(16).toUpperCase() })}</p> : null}
          {effectiveAfterMinutes !== null ? <p data-testid="renewal-effective">{rt(lang, 'effectiveNote', { n: effectiveAfterMinutes })}</p> : null}
        </div>
      ) : null}
      {status.step === 'failed' && status.keyKept === true ? (
        // The CA certified the new key: it stays on the UKEY, and finishing confirms it again (issue 15 §2).
        <p class="notice warn" role="alert" data-testid="renewal-kept">
          {rt(lang, 'keptText', { reason: status.failure?.message ?? '' })}
        </p>
      ) : status.step === 'failed' ? (
        <p class="notice warn" role="alert" data-testid="renewal-failed">
          {rt(lang, 'failedText', { reason: status.failure?.message ?? '' })}
        </p>
      ) : null}
    </div>
  );
}
