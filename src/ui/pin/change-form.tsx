import { useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import { useModel } from '../use-app';
import { guardTexts } from './guard-texts';
import { PinErrorPanel } from './pin-error-panel';
import { LastTryConfirm, PinField, SubmitWithReason } from './pin-field';
import { checkNewPin, checkPin, type PinPolicy, type PinViolation } from './pin-policy';
import { tryGuard } from './try-guard';
import { usePinAction, type FormTurn } from './use-pin-action';
import { policyText } from './violation-text';

export interface ChangeFormProps {
  readonly tokenId: string;
  readonly lang: Lang;
  readonly policy: PinPolicy;
  /** The card's own PIN limits (its profile's answer): what the current PIN is checked against. */
  readonly cardPolicy: PinPolicy;
  readonly defaults: readonly string[];
  readonly triesLeft: number | null;
  readonly blocked: boolean;
  readonly turn: FormTurn;
  readonly onChanged: () => void;
}

/** Changes the card profile's user PIN under the CA's PIN policy (TokenSession.changePin); the current PIN spends a try. */
export function ChangeForm({ tokenId, lang, policy, cardPolicy, defaults, triesLeft, blocked, turn, onChanged }: ChangeFormProps) {
  const model = useModel();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<{ current: PinViolation[]; next: PinViolation[]; confirm: PinViolation[] }>({ current: [], next: [], confirm: [] });
  const [lastTryOk, setLastTryOk] = useState(false);
  const action = usePinAction();
  const guard = tryGuard(triesLeft);
  const numeric = policy.charset === 'digits';

  const submit = async (e: Event) => {
    e.preventDefault();
    turn.onStart();
    const input = { current, next, confirm, policy, defaults };
    const all = checkNewPin(input);
    const found = {
      current: checkPin(current, cardPolicy),
      next: all.filter((v) => v.code !== 'mismatch'),
      confirm: all.filter((v) => v.code === 'mismatch'),
    };
    setProblems(found);
    if (found.current.length + found.next.length + found.confirm.length > 0 || (guard !== null && !lastTryOk)) return;
    setCurrent('');
    setNext('');
    setConfirm('');
    setLastTryOk(false);
    const ok = await action.run(() => model.pinOperation(tokenId, (d) => d.pin.changePin(tokenId, input.current, input.next)));
    if (ok) onChanged();
  };
  const reason = blocked ? t(lang, 'disabledBlocked') : guard !== null && !lastTryOk ? t(lang, 'disabledNeedsConfirm') : null;
  const texts = guard !== null ? guardTexts(guard, 'pin', lang) : null;
  const tries = triesLeft !== null ? t(lang, 'pinTriesReset', { n: triesLeft }) : '';

  return (
    <form class="card pin-form" id="change-pin" onSubmit={submit} aria-labelledby="change-title" data-testid="change-form">
      <h2 id="change-title">{t(lang, 'pinChangeTitle')}</h2>
      <p class="policy" data-testid="pin-policy">{policyText(policy, lang)}</p>
      <PinField id="change-current" label={t(lang, 'currentPin')} value={current} onInput={setCurrent} violations={problems.current} lang={lang} numeric={numeric} />
      <PinField id="change-new" label={t(lang, 'newPin')} value={next} onInput={setNext} violations={problems.next} lang={lang} numeric={numeric} />
      <PinField id="change-confirm" label={t(lang, 'confirmPin')} value={confirm} onInput={setConfirm} violations={problems.confirm} lang={lang} numeric={numeric} />
      {texts ? <LastTryConfirm id="change-last-try" checked={lastTryOk} onChange={setLastTryOk} lang={lang} text={texts.text} label={texts.label} /> : null}
      <SubmitWithReason id="change-submit" label={t(lang, 'change')} busy={action.busy} disabledReason={reason} />
      {turn.active && action.done ? <p role="status" class="ok-text" data-testid="change-ok">{t(lang, 'pinChangedState', { tries })}</p> : null}
      {turn.active && action.error !== null ? <PinErrorPanel error={action.error} lang={lang} /> : null}
    </form>
  );
}
