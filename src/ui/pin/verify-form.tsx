import { useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import { useModel } from '../use-app';
import { isKnownDefault } from './default-pins';
import { guardTexts } from './guard-texts';
import { PinErrorPanel } from './pin-error-panel';
import { LastTryConfirm, PinField, SubmitWithReason } from './pin-field';
import { checkPin, type PinPolicy, type PinViolation } from './pin-policy';
import { tryGuard } from './try-guard';
import { usePinAction, type FormTurn } from './use-pin-action';

export interface VerifyFormProps {
  readonly tokenId: string;
  readonly lang: Lang;
  readonly triesLeft: number | null;
  readonly blocked: boolean;
  readonly defaults: readonly string[];
  readonly numeric: boolean;
  /** The card's own PIN limits, as its profile said (issue 17 §3). */
  readonly cardPolicy: PinPolicy;
  readonly turn: FormTurn;
  readonly onDefaultPin: () => void;
  readonly onForgot: () => void;
  /** The PIN was just verified: the moment to offer online-unlock registration (issue 16 §2). */
  readonly onVerified?: () => void;
}

/** Checks the card profile's user PIN (TokenSession.verifyPin): against the card's limits first; one call, never retried. */
export function VerifyForm({ tokenId, lang, triesLeft, blocked, defaults, numeric, cardPolicy, turn, onDefaultPin, onForgot, onVerified }: VerifyFormProps) {
  const model = useModel();
  const [pin, setPin] = useState('');
  const [violations, setViolations] = useState<PinViolation[]>([]);
  const [lastTryOk, setLastTryOk] = useState(false);
  const action = usePinAction();
  const guard = tryGuard(triesLeft);

  const submit = async (e: Event) => {
    e.preventDefault();
    turn.onStart();
    const entered = pin;
    const problems = checkPin(entered, cardPolicy);
    setViolations(problems);
    if (problems.length > 0 || (guard !== null && !lastTryOk)) return;
    setPin(''); // cleared for every call, whatever its outcome
    setLastTryOk(false);
    const ok = await action.run(() => model.pinOperation(tokenId, (d) => d.pin.verifyPin(tokenId, entered)));
    if (ok && isKnownDefault(entered, defaults)) onDefaultPin();
    if (ok) onVerified?.();
  };
  const reason = blocked ? t(lang, 'disabledBlocked') : guard !== null && !lastTryOk ? t(lang, 'disabledNeedsConfirm') : null;
  const texts = guard !== null ? guardTexts(guard, 'pin', lang) : null;

  return (
    <form class="card pin-form" onSubmit={submit} aria-labelledby="verify-title" data-testid="verify-form">
      <h2 id="verify-title">{t(lang, 'pinVerifyTitle')}</h2>
      <PinField id="verify-pin" label={t(lang, 'pin')} value={pin} onInput={setPin} violations={violations} lang={lang} numeric={numeric} />
      {texts ? <LastTryConfirm id="verify-last-try" checked={lastTryOk} onChange={setLastTryOk} lang={lang} text={texts.text} label={texts.label} /> : null}
      <p class="muted small">{t(lang, 'noRetryNote')}</p>
      <SubmitWithReason id="verify-submit" label={t(lang, 'verify')} busy={action.busy} disabledReason={reason} />
      <p>
        <button type="button" class="link-button" data-testid="forgot-pin" onClick={onForgot}>
          {t(lang, 'pinForgot')}
        </button>
      </p>
      {turn.active && action.done ? <p role="status" class="ok-text" data-testid="verify-ok">{t(lang, 'pinOk')}</p> : null}
      {turn.active && action.error !== null ? <PinErrorPanel error={action.error} lang={lang} /> : null}
    </form>
  );
}
