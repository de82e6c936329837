/**
 * The three forms of 通过 CA 解锁 (issue 10 §4): register for online unlock, ask for an unlock (name and phone
 * as given to the CA), and enter the 解锁授权码 with a new PIN. Secrets live in the form only until submitted.
 */
import { useState } from 'preact/hooks';
import type { Lang } from '../i18n/lang';
import { ut } from '../i18n/unlock-texts';
import { UNLOCK_CODE_DIGITS } from '../../shared/cmp';

type Submit<T> = (values: T) => Promise<void>;

/** `unblockCodeRequired`: the card has no public factory unblock code (or left it), so the current one must be typed (issue 15 §1). */
export function RegisterForm({ lang, busy, resume, unblockCodeRequired = false, onSubmit }: { lang: Lang; busy: boolean; resume: boolean; unblockCodeRequired?: boolean; onSubmit: Submit<{ pin: string; currentUnblockCode: string; reveal: boolean }> }) {
  const [pin, setPin] = useState('');
  const [unblockCode, setUnblockCode] = useState('');
  const [reveal, setReveal] = useState(false);
  return (
    <form
      data-testid="unlock-register"
      onSubmit={(e) => {
        e.preventDefault();
        const values = { pin, currentUnblockCode: unblockCode, reveal };
        setPin('');
        setUnblockCode('');
        void onSubmit(values);
      }}
    >
      <h2>{ut(lang, 'registerTitle')}</h2>
      <p>{ut(lang, 'registerIntro')}</p>
      <label>
        {ut(lang, 'pinLabel')}
        <input type="password" autocomplete="off" required value={pin} onInput={(e) => setPin(e.currentTarget.value)} data-testid="unlock-register-pin" />
      </label>
      {resume ? null : (
        <>
          <label>
            {ut(lang, unblockCodeRequired ? 'currentUnblockCodeRequiredLabel' : 'currentUnblockCodeLabel')}
            <input type="password" autocomplete="off" required={unblockCodeRequired} value={unblockCode} onInput={(e) => setUnblockCode(e.currentTarget.value)} data-testid="unlock-current-puk" />
          </label>
          <label>
            <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.currentTarget.checked)} />
            {ut(lang, 'revealLabel')}
          </label>
        </>
      )}
      <button type="submit" disabled={busy} data-testid="unlock-register-run">
        {busy ? ut(lang, 'working') : resume ? ut(lang, 'resumeButton') : ut(lang, 'registerButton')}
      </button>
    </form>
  );
}

export function RequestForm({ lang, busy, onSubmit }: { lang: Lang; busy: boolean; onSubmit: Submit<{ name: string; phone: string }> }) {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  return (
    <form
      data-testid="unlock-request"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit({ name, phone });
      }}
    >
      <h2>{ut(lang, 'requestTitle')}</h2>
      <p>{ut(lang, 'requestIntro')}</p>
      <label>
        {ut(lang, 'nameLabel')}
        <input required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="unlock-name" />
      </label>
      <label>
        {ut(lang, 'phoneLabel')}
        <input type="tel" required maxLength={200} value={phone} onInput={(e) => setPhone(e.currentTarget.value)} data-testid="unlock-phone" />
      </label>
      <button type="submit" disabled={busy} data-testid="unlock-request-run">
        {busy ? ut(lang, 'working') : ut(lang, 'requestButton')}
      </button>
    </form>
  );
}

export function RedeemForm({ lang, busy, onSubmit }: { lang: Lang; busy: boolean; onSubmit: Submit<{ code: string; newPin: string }> }) {
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = again !== '' && pin !== again;
  return (
    <form
      data-testid="unlock-redeem"
      onSubmit={(e) => {
        e.preventDefault();
        if (pin !== again) return;
        const values = { code, newPin: pin };
        setCode('');
        setPin('');
        setAgain('');
        void onSubmit(values);
      }}
    >
      <h2>{ut(lang, 'redeemTitle')}</h2>
      <label>
        {ut(lang, 'codeLabel')}
        <input inputMode="numeric" autocomplete="one-time-code" pattern={`\\d{${UNLOCK_CODE_DIGITS}}`} required value={code} onInput={(e) => setCode(e.currentTarget.value)} data-testid="unlock-code" />
      </label>
      <label>
        {ut(lang, 'newPinLabel')}
        <input type="password" autocomplete="new-password" minLength={6} maxLength={8} required value={pin} onInput={(e) => setPin(e.currentTarget.value)} data-testid="unlock-new-pin" />
      </label>
      <label>
        {ut(lang, 'confirmPinLabel')}
        <input type="password" autocomplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} data-testid="unlock-new-pin-again" />
      </label>
      {mismatch ? <p class="notice warn">{ut(lang, 'pinMismatch')}</p> : null}
      <button type="submit" disabled={busy || mismatch} data-testid="unlock-redeem-run">
        {busy ? ut(lang, 'working') : ut(lang, 'redeemButton')}
      </button>
    </form>
  );
}
