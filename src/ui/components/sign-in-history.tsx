import { useEffect, useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import type { SignInHistoryEntry } from '../../worker';
import { formatDateTime } from '../token-view';
import { useModel } from '../use-app';

/**
 * "Sites that signed in with this key" (issue 9 §2), kept on this device by the worker: lets a clerk notice a
 * sign-in they did not make.
 */
export function SignInHistory({ tokenId, lang }: { tokenId: string; lang: Lang }) {
  const model = useModel();
  const [entries, setEntries] = useState<readonly SignInHistoryEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    void model.listSignIns(tokenId).then((found) => live && setEntries(found), () => live && setEntries([]));
    return () => {
      live = false;
    };
  }, [model, tokenId]);
  return (
    <section aria-labelledby="sign-ins-title" data-testid="sign-in-history">
      <h2 id="sign-ins-title">{t(lang, 'signInsTitle')}</h2>
      {entries === null ? <p role="status">{t(lang, 'loading')}</p> : null}
      {entries !== null && entries.length === 0 ? <p>{t(lang, 'signInsEmpty')}</p> : null}
      {entries !== null && entries.length > 0 ? (
        <ul>
          {entries.map((entry) => (
            <li key={`${entry.origin}@${entry.at}`}>
              <span class="mono">{entry.origin}</span> · {formatDateTime(entry.at, lang)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
