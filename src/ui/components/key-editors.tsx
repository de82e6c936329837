import { useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';

/** The key's name as a title; a small "改名称" opens the edit box on demand (issue 8 §3: never two labels). */
export function LabelTitle({ id, title, label, lang, onSave }: { id: string; title: string; label: string; lang: Lang; onSave: (label: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(label);
  const inputId = `label-${id}`;
  if (!editing) {
    return (
      <div class="title-row">
        <h2 id={`${inputId}-title`}>{title}</h2>
        <button type="button" class="link-button small" data-testid="edit-label" onClick={() => { setValue(label); setEditing(true); }}>
          {t(lang, 'editLabel')}
        </button>
      </div>
    );
  }
  return (
    <form
      class="label-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(value.trim());
        setEditing(false);
      }}
    >
      <h2 id={`${inputId}-title`} class="visually-hidden">{title}</h2>
      <label for={inputId} class="visually-hidden">{t(lang, 'tokenLabel')}</label>
      <input id={inputId} value={value} maxLength={40} placeholder={t(lang, 'tokenLabelHint')} onInput={(e) => setValue(e.currentTarget.value)} ref={(el) => el?.focus()} />
      <button type="submit">{t(lang, 'labelSave')}</button>
      <button type="button" class="link-button" onClick={() => setEditing(false)}>{t(lang, 'labelCancel')}</button>
    </form>
  );
}

/** Notes per key (who keeps it, the contact registered with the CA — needed to unlock the PIN, seed 003). */
export function KeyNotes({ id, notes, lang, onSave }: { id: string; notes: string; lang: Lang; onSave: (notes: string) => void }) {
  const [value, setValue] = useState(notes);
  const [saved, setSaved] = useState(false);
  const fieldId = `notes-${id}`;
  return (
    <details class="key-notes" open={notes !== '' ? undefined : undefined}>
      <summary>
        {t(lang, 'notes')}
        {notes ? <span class="muted small notes-preview"> · {notes}</span> : null}
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave(value.trim());
          setSaved(true);
        }}
      >
        <label for={fieldId} class="small muted">{t(lang, 'notesHint')}</label>
        <textarea id={fieldId} rows={2} maxLength={500} value={value} onInput={(e) => { setValue(e.currentTarget.value); setSaved(false); }} />
        <p class="actions">
          <button type="submit">{t(lang, 'notesSave')}</button>
          {saved ? <span role="status" class="ok-text">{t(lang, 'notesSaved')}</span> : null}
        </p>
      </form>
    </details>
  );
}

/** A destructive action behind an inline confirmation that says what is (and is not) deleted. */
export function ConfirmAction({ label, question, yes, lang, onConfirm, testId }: { label: string; question: string; yes: string; lang: Lang; onConfirm: () => void; testId: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="danger-outline" data-testid={testId} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm" role="alert" data-testid={`${testId}-confirm`}>
      <span>{question}</span>{' '}
      <button type="button" class="danger" data-testid={`${testId}-yes`} onClick={onConfirm}>{yes}</button>{' '}
      <button type="button" onClick={() => setAsking(false)}>{t(lang, 'labelCancel')}</button>
    </span>
  );
}
