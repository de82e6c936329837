import { useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';

/** Copies what users must quote to their CA (serial numbers, fingerprints, USCI). */
export function CopyButton({ text, lang, what }: { text: string; lang: Lang; what: string }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone(true);
      setTimeout(() => setDone(false), 1500);
    } catch {
      setDone(false); // clipboard denied: the value stays visible and selectable
    }
  };
  return (
    <button type="button" class="copy" onClick={copy} aria-label={`${t(lang, 'copy')} ${what}`}>
      {done ? t(lang, 'copied') : t(lang, 'copy')}
    </button>
  );
}
