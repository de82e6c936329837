import type { Lang } from '../../i18n';
import type { PinViolation } from './pin-policy';
import { violationText } from './violation-text';

export interface PinFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly violations: readonly PinViolation[];
  readonly lang: Lang;
}

/**
 * A PIN input: password type, no autofill, and deliberately NO maxlength — the browser would silently cut a
 * long PIN, the very bug users meet in CA tools; we validate and explain instead (issue 4 §1).
 */
export function PinField({ id, label, value, onInput, violations, lang }: PinFieldProps) {
  const errorsId = `${id}-errors`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        type="password"
        autocomplete="off"
        autocapitalize="off"
        spellcheck={false}
        value={value}
        aria-invalid={violations.length > 0 ? 'true' : undefined}
        aria-describedby={violations.length > 0 ? errorsId : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
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

/** Explicit consent before the last try is spent (DESIGN.md §7). */
export function LastTryConfirm({ id, checked, onChange, lang, text, label }: {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  lang: Lang;
  text: string;
  label: string;
}) {
  return (
    <div class="last-try" role="alert" lang={lang}>
      <p>{text}</p>
      <label>
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} /> {label}
      </label>
    </div>
  );
}
