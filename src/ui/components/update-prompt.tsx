/**
 * "有新版本 — 重新加载 / Update available — reload" (issue 4 §2). Shown when a new service worker waits; the
 * user picks the moment, so an update never interrupts a PIN entry. A polite live region announces it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../i18n/lang';
import { onUpdateWaiting } from '../../sw';

const TEXT = {
  'zh-CN': { message: '有新版本', reload: '重新加载', later: '稍后' },
  en: { message: 'Update available', reload: 'Reload', later: 'Later' },
} as const satisfies Record<Lang, Record<string, string>>;

export interface UpdatePromptProps {
  readonly lang: Lang;
  /** Activates the waiting version; when omitted the prompt listens to announceUpdateWaiting(). */
  readonly apply?: (() => void) | null;
}

export function UpdatePrompt({ lang, apply }: UpdatePromptProps) {
  const [announced, setAnnounced] = useState<(() => void) | null>(null);
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => onUpdateWaiting((next) => setAnnounced(() => next)), []);
  const action = apply ?? announced;
  const text = TEXT[lang];
  return (
    <div class="update-prompt" role="status" aria-live="polite" lang={lang}>
      {action && !dismissed ? (
        <p class="update-prompt__bar">
          <span>{text.message} — </span>
          <button type="button" class="update-prompt__reload" onClick={() => action()}>
            {text.reload}
          </button>{' '}
          <button type="button" class="update-prompt__later" onClick={() => setDismissed(true)}>
            {text.later}
          </button>
        </p>
      ) : null}
    </div>
  );
}
