import { useState } from 'preact/hooks';
import { t, type Lang } from '../../i18n';
import { ErrorPanel } from '../components/error-panel';
import { useModel } from '../use-app';
import { isKnownDefault } from './default-pins';
import { LastTryConfirm, PinField } from './pin-field';
import { checkPin, PIV_PIN_POLICY, type PinViolation } from './pin-policy';
import { tryGuard } from './try-guard';
import { usePinAction } from './use-pin-action';

export interface VerifyFormProps {
  readonly tokenId: string;
  readonly lang: Lang;
  readonly triesLeft: number | null;
  readonly blocked: boolean;
  readonly defaults: readonly string[];
  readonly onDefaultPin: () => void;
}

/** VERIFY (SP 800-73-4 Part 2 §3.2.1): checked against the card's limits first; one call, never retried. */
export function VerifyForm({ tokenId, lang, triesLeft, blocked, defaults, onDefaultPin }: VerifyFormProps) {
  const model = useModel();
  const [pin, setPin] = useState('');
  const [violations, setViolations] = useState<PinViolation[]>([]);
  const [lastTryOk, setLastTryOk] = useState(false);
  const action = usePinAction();
  const guard = tryGuard(triesLeft);
  const lastTry = guard !== null;

  const submit = async (e: Event) => {
    e.preventDefault();
    const entered = pin;
    const problems = checkPin(entered, PIV_PIN_POLICY);
    setViolations(problems);
    if (problems.length > 0 || (lastTry && !lastTryOk)) return;
    setPin(''); // cleared for every call, whatever its outcome
    setLastTryOk(false);
    const ok = await action.run(() => model.pinOperation(tokenId, (d) => d.verifyPin(tokenId, entered)));
    if (ok && isKnownDefault(entered, defaults)) onDefaultPin();
  };

  return (
    <form class="card pin-form" onSubmit={submit} aria-labelledby="verify-title" data-testid="verify-form">
      <h2 id="verify-title">{t(lang, 'pinVerifyTitle')}</h2>
      <PinField id="verify-pin" label={t(lang, 'pin')} value={pin} onInput={setPin} violations={violations} lang={lang} />
      {lastTry ? (
        <LastTryConfirm id="verify-last-try" checked={lastTryOk} onChange={setLastTryOk} lang={lang} text={t(lang, guard === 'last-try' ? 'lastTryWarning' : 'triesUnknownWarning')} label={t(lang, guard === 'last-try' ? 'lastTryConfirm' : 'triesUnknownConfirm')} />
      ) : null}
      <p class="muted small">{t(lang, 'noRetryNote')}</p>
      <button type="submit" class="primary" disabled={blocked || action.busy || (lastTry && !lastTryOk)}>
        {t(lang, 'verify')}
      </button>
      {action.done ? <p role="status" class="ok-text" data-testid="verify-ok">{t(lang, 'pinOk')}</p> : null}
      {action.error !== null ? <ErrorPanel error={action.error} lang={lang} /> : null}
    </form>
  );
}
