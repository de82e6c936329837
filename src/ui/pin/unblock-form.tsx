import { useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import { useModel } from '../use-app';
import { guardTexts } from './guard-texts';
import { triesTold } from './failed-secret';
import { PinErrorPanel } from './pin-error-panel';
import { LastTryConfirm, PinField, SubmitWithReason } from './pin-field';
import { checkNewPin, checkPin, type PinPolicy, type PinViolation } from './pin-policy';
import { tryGuard } from './try-guard';
import { usePinAction, type FormTurn } from './use-pin-action';
import { policyText } from './violation-text';

export interface UnblockFormProps {
  readonly tokenId: string;
  readonly lang: Lang;
  readonly policy: PinPolicy;
  /** The card's own limits as its profile states them; the unblock code meets them too. */
  readonly cardPolicy: PinPolicy;
  readonly defaults: readonly string[];
  readonly unblockCodeTriesLeft: number | null;
  /** Opened from "忘记 PIN？" while the PIN still works: no need to block it first. */
  readonly pinBlocked: boolean;
  readonly turn: FormTurn;
  readonly onUnblocked: () => void;
}

/**
 * The card's unblock code sets a new PIN under the CA's policy; how is the card profile's business. It
 * works whether or not the PIN is blocked, so a user who forgot the PIN never has to spend every try first.
 */
export function UnblockForm({ tokenId, lang, policy, cardPolicy, defaults, unblockCodeTriesLeft, pinBlocked, turn, onUnblocked }: UnblockFormProps) {
  const model = useModel();
  const [unblockCode, setUnblockCode] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<{ unblockCode: PinViolation[]; next: PinViolation[]; confirm: PinViolation[] }>({ unblockCode: [], next: [], confirm: [] });
  const [lastTryOk, setLastTryOk] = useState(false);
  const action = usePinAction();
  // What the card said in its last refusal outranks an unknown count (a card that cannot tell its unblock-code tries without spending one).
  const [toldTries, setToldTries] = useState<number | null>(null);
  const knownTries = toldTries ?? unblockCodeTriesLeft;
  const guard = tryGuard(knownTries);
  const numeric = policy.charset === 'digits';

  const submit = async (e: Event) => {
    e.preventDefault();
    turn.onStart();
    const all = checkNewPin({ current: '', next, confirm, policy, defaults });
    const found = {
      unblockCode: checkPin(unblockCode, cardPolicy),
      next: all.filter((v) => v.code !== 'mismatch'),
      confirm: all.filter((v) => v.code === 'mismatch'),
    };
    setProblems(found);
    if (found.unblockCode.length + found.next.length + found.confirm.length > 0 || (guard !== null && !lastTryOk)) return;
    const entered = { unblockCode, next };
    setUnblockCode('');
    setNext('');
    setConfirm('');
    setLastTryOk(false);
    let refusal: unknown = null;
    const ok = await action.run(() =>
      model.pinOperation(tokenId, (d) => d.pin.unblockPin(tokenId, entered.unblockCode, entered.next)).catch((error: unknown) => {
        refusal = error;
        throw error;
      }),
    );
    // A right unblock code resets its own counter, so a count told earlier no longer holds.
    setToldTries(ok ? null : (triesTold(refusal, 'unblockCode') ?? toldTries));
    if (ok) onUnblocked();
  };
  const reason = guard !== null && !lastTryOk ? t(lang, 'disabledNeedsConfirm') : null;
  const texts = guard !== null ? guardTexts(guard, 'unblockCode', lang) : null;

  return (
    <form class="card pin-form" onSubmit={submit} aria-labelledby="unblock-title" data-testid="unblock-form">
      <h2 id="unblock-title">{t(lang, 'pinUnblockTitle')}</h2>
      <p>{t(lang, pinBlocked ? 'blockedText' : 'unblockCodeAnyTime')}</p>
      <p class="policy">{policyText(policy, lang)}</p>
      {knownTries !== null ? <p data-testid="puk-tries">{t(lang, 'unblockCodeTriesLeft', { n: knownTries })}</p> : null}
      <PinField id="unblock-puk" label={t(lang, 'unblockCode')} hint={t(lang, 'unblockCodeHint')} value={unblockCode} onInput={setUnblockCode} violations={problems.unblockCode} lang={lang} />
      <PinField id="unblock-new" label={t(lang, 'newPin')} value={next} onInput={setNext} violations={problems.next} lang={lang} numeric={numeric} />
      <PinField id="unblock-confirm" label={t(lang, 'confirmPin')} value={confirm} onInput={setConfirm} violations={problems.confirm} lang={lang} numeric={numeric} />
      {texts ? <LastTryConfirm id="unblock-last-try" checked={lastTryOk} onChange={setLastTryOk} lang={lang} text={texts.text} label={texts.label} /> : null}
      <SubmitWithReason id="unblock-submit" label={t(lang, 'unblock')} busy={action.busy} disabledReason={reason} />
      {turn.active && action.error !== null ? <PinErrorPanel error={action.error} lang={lang} /> : null}
    </form>
  );
}
