import { t, type Lang } from '../i18n';
import { ErrorPanel } from '../components/error-panel';
import { hrefFor } from '../router';
import { failedSecret, secretErrorCause } from './failed-secret';
import { labelColon } from '../i18n/punctuation';

/** Which secret a form sent: the card answers 63Cx / 6983 for the PUK exactly as for the PIN (SP 800-73-4 Part 2 §3.2.3). */
export type Credential = 'pin' | 'puk';

function nameOf(error: unknown): string | null {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : null;
}

/**
 * The error of one PIN form. RESET RETRY COUNTER reports a wrong or blocked PUK with the same status words as a
 * wrong or blocked PIN, so the driver's WrongPinError / PinBlockedError mean "PUK" when the unblock form sent
 * them: say so, never the PIN's message (issue 8 §2 — a user told "PIN wrong" retries and locks the PUK).
 */
export function PinErrorPanel({ error, lang, credential }: { error: unknown; lang: Lang; credential: Credential }) {
  const name = nameOf(error);
  if (failedSecret(error, credential) === 'puk') {
    const cause = secretErrorCause(error, lang, credential);
    const whatToDo = t(lang, name === 'PinBlockedError' ? 'pukBlockedWhatToDo' : 'pukWrongWhatToDo');
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
