/** The step an unlock or escrow job reached, in words with a progress bar (issue 15 §5). */
import type { Lang } from '../i18n';
import { escrowPhaseText, ut } from '../i18n/unlock-texts';
import type { JobProgress } from '../../worker';

/** The order the steps come in: release and reset (redeem only), then the escrow's phases. */
const ORDER = ['releasing', 'unblocking', 'pending', 'resetting', 'changing', 'changed', 'committed'] as const;

export function UnlockJobProgress({ progress, lang }: { progress: JobProgress; lang: Lang }) {
  if (progress.flow === 'renewal') return null;
  const step = progress.flow === 'escrow' ? progress.phase : progress.step;
  const text = progress.flow === 'escrow' ? escrowPhaseText(lang, progress.phase) : ut(lang, progress.step === 'releasing' ? 'stepReleasing' : 'stepUnblocking');
  const n = Math.max(1, ORDER.indexOf(step as (typeof ORDER)[number]) + 1);
  return (
    <p data-testid="unlock-progress" data-step={step}>
      <progress max={ORDER.length} value={n} aria-hidden="true" /> <span role="status">{ut(lang, 'stepProgress', { n, m: ORDER.length, text })}</span>
    </p>
  );
}
