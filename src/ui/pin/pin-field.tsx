import { useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import type { PinViolation } from './pin-policy';
import { violationText } from './violation-text';

export interface PinFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly violations: readonly PinViolation[];
  readonly lang: Lang;
  /** Digit-only policies (CFCA: 6 digits) get the numeric keyboard on phones (HTML `inputmode`). */
  readonly numeric?: boolean;
  /** A line under the label, e.g. what the unblock code is NOT (issue 8 §2). */
  readonly hint?: string;
}

/**
 * A PIN input: password type, no autofill, and deliberately NO maxlength — the browser would silently cut a
 * long PIN, the very bug users meet in CA tools; we validate and explain instead (issue 4 §1). A show/hide
 * toggle lets the user check what they typed before a try is spent (issue 8 §2).
 */
export function PinField({ id, label, value, onInput, violations, lang, numeric = false, hint }: PinFieldProps) {
  const [shown, setShown] = useState(false);
  const errorsId = `${id}-errors`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : '', violations.length > 0 ? errorsId : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? <p id={hintId} class="field-hint" data-testid={`${id}-hint`}>{hint}</p> : null}
      <div class="pin-input">
        <input
          id={id}
          name={id}
          type={shown ? 'text' : 'password'}
          inputMode={numeric ? 'numeric' : undefined}
          pattern={numeric ? '[0-9]*' : undefined}
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          value={value}
          aria-invalid={violations.length > 0 ? 'true' : undefined}
          aria-describedby={describedBy || undefined}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
        <button type="button" class="show-pin" aria-pressed={shown} aria-label={t(lang, 'showPinLabel', { field: label })} onClick={() => setShown(!shown)}>
          {t(lang, shown ? 'hidePin' : 'showPin')}
        </button>
      </div>
      {violations.length > 0 ? (
        <ul id={errorsId} class="violations" data-testid={`${id}-violations`}>
          {violations.map((v) => (
            <li key={v.code} data-code={v.code}>
              {violationText(v, lang)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Explicit consent before the last try is spent (DESIGN.md §7), in the danger style: it says what a lock
 * costs (issue 8 §2).
 */
export function LastTryConfirm({ id, checked, onChange, lang, text, label }: {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  lang: Lang;
  text: string;
  label: string;
}) {
  return (
    <div class="last-try danger" role="alert" lang={lang} data-testid={`${id}-guard`}>
      <p>{text}</p>
      <label>
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} /> {label}
      </label>
    </div>
  );
}

/** A submit button that, when disabled, says why right next to it (issue 8 §2). */
export function SubmitWithReason({ id, label, disabledReason, busy }: { id: string; label: string; disabledReason: string | null; busy: boolean }) {
  const reasonId = `${id}-reason`;
  return (
    <p class="submit-row">
      <button type="submit" class="primary" disabled={busy || disabledReason !== null} aria-describedby={disabledReason ? reasonId : undefined}>
        {label}
      </button>
      {disabledReason ? <span id={reasonId} class="small disabled-reason" data-testid={reasonId}>{disabledReason}</span> : null}
    </p>
  );
}
