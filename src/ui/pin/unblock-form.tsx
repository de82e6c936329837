import { useState } from 'preact/hooks';
import { t, type Lang } from '../../i18n';
import { ErrorPanel } from '../components/error-panel';
import { useModel } from '../use-app';
import { LastTryConfirm, PinField } from './pin-field';
import { checkNewPin, checkPin, PIV_PIN_POLICY, type PinPolicy, type PinViolation } from './pin-policy';
import { tryGuard } from './try-guard';
import { usePinAction } from './use-pin-action';
import { policyText } from './violation-text';

export interface UnblockFormProps {
  readonly tokenId: string;
  readonly lang: Lang;
  readonly policy: PinPolicy;
  readonly defaults: readonly string[];
  readonly pukTriesLeft: number | null;
  readonly onUnblocked: () => void;
}

/** RESET RETRY COUNTER with the PUK (SP 800-73-4 Part 2 §3.2.3): sets a new PIN under the CA's policy. */
export function UnblockForm({ tokenId, lang, policy, defaults, pukTriesLeft, onUnblocked }: UnblockFormProps) {
  const model = useModel();
  const [puk, setPuk] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<{ puk: PinViolation[]; next: PinViolation[]; confirm: PinViolation[] }>({ puk: [], next: [], confirm: [] });
  const [lastTryOk, setLastTryOk] = useState(false);
  const action = usePinAction();
  const guard = tryGuard(pukTriesLeft);
  const lastTry = guard !== null;

  const submit = async (e: Event) => {
    e.preventDefault();
    const all = checkNewPin({ current: '', next, confirm, policy, defaults });
    const found = {
      puk: checkPin(puk, PIV_PIN_POLICY),
      next: all.filter((v) => v.code !== 'mismatch'),
      confirm: all.filter((v) => v.code === 'mismatch'),
    };
    setProblems(found);
    if (found.puk.length + found.next.length + found.confirm.length > 0 || (lastTry && !lastTryOk)) return;
    const entered = { puk, next };
    setPuk('');
    setNext('');
    setConfirm('');
    setLastTryOk(false);
    const ok = await action.run(() => model.pinOperation(tokenId, (d) => d.unblockPin(tokenId, entered.puk, entered.next)));
    if (ok) onUnblocked();
  };

  return (
    <form class="card pin-form" onSubmit={submit} aria-labelledby="unblock-title" data-testid="unblock-form">
      <h2 id="unblock-title">{t(lang, 'pinUnblockTitle')}</h2>
      <p>{t(lang, 'blockedText')}</p>
      <p class="policy">{policyText(policy, lang)}</p>
      {pukTriesLeft !== null ? <p data-testid="puk-tries">{t(lang, 'pukTriesLeft', { n: pukTriesLeft })}</p> : null}
      <PinField id="unblock-puk" label={t(lang, 'puk')} value={puk} onInput={setPuk} violations={problems.puk} lang={lang} />
      <PinField id="unblock-new" label={t(lang, 'newPin')} value={next} onInput={setNext} violations={problems.next} lang={lang} />
      <PinField id="unblock-confirm" label={t(lang, 'confirmPin')} value={confirm} onInput={setConfirm} violations={problems.confirm} lang={lang} />
      {lastTry ? (
        <LastTryConfirm id="unblock-last-try" checked={lastTryOk} onChange={setLastTryOk} lang={lang} text={t(lang, guard === 'last-try' ? 'pukLastTryWarning' : 'pukTriesUnknownWarning')} label={t(lang, guard === 'last-try' ? 'lastTryConfirm' : 'triesUnknownConfirm')} />
      ) : null}
      <button type="submit" class="primary" disabled={action.busy || (lastTry && !lastTryOk)}>
        {t(lang, 'unblock')}
      </button>
      {action.done ? <p role="status" class="ok-text" data-testid="unblock-ok">{t(lang, 'pinUnblocked')}</p> : null}
      {action.error !== null ? <ErrorPanel error={action.error} lang={lang} /> : null}
    </form>
  );
}
