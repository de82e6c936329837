import { t, type Lang } from '../i18n';
import { ErrorPanel } from '../components/error-panel';
import { hrefFor } from '../router';
import { failedSecret, secretErrorCause } from './failed-secret';
import { labelColon } from '../i18n/punctuation';

function nameOf(error: unknown): string | null {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : null;
}

/**
 * The error of one PIN form. A wrong or blocked unblock code arrives as the same WrongPinError / PinBlockedError
 * as a wrong or blocked PIN, marked by the card profile with the secret it was (issue 17 §3: the profile decides,
 * not the form): name the unblock code then, never the PIN's message (issue 8 §2 — a user told "PIN wrong"
 * retries and locks the unblock code).
 */
export function PinErrorPanel({ error, lang }: { error: unknown; lang: Lang }) {
  const name = nameOf(error);
  if (failedSecret(error) === 'unblockCode') {
    const cause = secretErrorCause(error, lang);
    const whatToDo = t(lang, name === 'PinBlockedError' ? 'unblockCodeBlockedWhatToDo' : 'unblockCodeWrongWhatToDo');
    return (
      <div class="error-panel" role="alert" data-error-name={name === 'PinBlockedError' ? 'PukBlocked' : 'WrongPuk'} data-testid="puk-error">
        <p>
          <strong>{t(lang, 'cause')}{labelColon(lang)}</strong>
          {cause}
        </p>
        <p>
          <strong>{t(lang, 'whatToDo')}{labelColon(lang)}</strong>
          {whatToDo}
        </p>
        <p>
          <a href={hrefFor({ name: 'guides', guideId: 'unlock' })}>{t(lang, 'guideLink')}</a>
        </p>
      </div>
    );
  }
  return <ErrorPanel error={error} lang={lang} />;
}
