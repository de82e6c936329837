import { t } from '../i18n';
import { keyName } from '../key-name';
import { KeyAbsent } from '../pin/key-absent';
import { PinPanels } from '../pin/pin-panels';
import { hrefFor } from '../router';
import { useAppState } from '../use-app';
import { labelColon } from '../i18n/punctuation';

/**
 * PIN management (issue 4 §1, issue 8 §2). Three states, never a false error: "reading the key…" until the
 * first look for plugged-in keys has finished (a reload or bookmark lands here before the worker has found the
 * key), "plug in THIS key" with the forms hidden, or the forms. Loaded lazily with the CA profile table.
 */
export function PinScreen({ tokenId }: { tokenId: string }) {
  const state = useAppState();
  const { lang } = state;
  const view = state.tokens.get(tokenId);
  const reading = <p role="status" class="notice" data-testid="pin-reading">{t(lang, 'pinReadingKey')}</p>;

  if (!view) {
    return (
      <section aria-labelledby="pin-title">
        <h1 id="pin-title" tabIndex={-1}>{t(lang, 'pinTitle')}</h1>
        {state.scanned ? (
          <>
            <p>{t(lang, 'tokenNotFound')}</p>
            <a href={hrefFor({ name: 'dashboard' })}>{t(lang, 'back')}</a>
          </>
        ) : reading}
      </section>
    );
  }
  let body;
  if (view.live) body = <PinPanels view={view} lang={lang} />;
  else if (!state.scanned || view.reading) body = reading;
  else body = <KeyAbsent record={view.record} lang={lang} />;
  return (
    <section aria-labelledby="pin-title">
      <h1 id="pin-title" tabIndex={-1}>
        {t(lang, 'pinTitle')}
        {labelColon(lang)}
        {keyName(view.record, lang)}
      </h1>
      {body}
    </section>
  );
}
