import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { findCaProfile, parseDnString } from '../../shared/ca-profiles';
import { caName } from '../ca-routes';
import { t, type Lang } from '../i18n';
import type { DeviceService, PinStatusPair, SignInChoice, SignInTokenProblem } from '../../worker';
import { ErrorPanel } from '../components/error-panel';
import { LastTryConfirm } from '../pin/pin-field';
import { PinTries } from '../pin/pin-tries';
import { formatDate } from '../token-view';
import { openPopupChannel, type AcceptedRequest, type PopupChannel } from './popup-channel';
import { roleName } from './role-names';
import { SignSelection } from './sign-selection';
import { endingFor, nextStepAfter } from './sign-outcome';
import { WithDates } from '../components/with-dates';
import { siteName } from './site-name';
import { labelColon } from '../i18n/punctuation';

/** A popup left untouched this long tells the portal TIMEOUT and closes (the PIN is never kept meanwhile). */
const IDLE_LIMIT_MS = 5 * 60_000;

type Phase = 'no-opener' | 'waiting' | 'loading' | 'ready' | 'signing' | 'done' | 'ended';

export interface SignPageProps {
  readonly lang: Lang;
  readonly loadDriver: () => Promise<DeviceService>;
  /** Starts the demo key first (the portal asked with ?demo=1, or this browser has used the demo). */
  readonly demo: boolean;
  /** What the clerk knows each key by, from this device's records: label and 介质序列号 (issue 16 §2). */
  readonly keys?: ReadonlyMap<string, { readonly label: string; readonly serialNumber: string | null; readonly isDemo: boolean }>;
}

/** "社保（人事科）· 介质序列号 33710354 · 北京数字认证（BJCA）": which of my keys will sign. */
function keyLine(choice: SignInChoice, keys: SignPageProps['keys'], lang: Lang): string {
  const key = keys?.get(choice.tokenId);
  const parts: string[] = [];
  const label = key?.label || (key?.isDemo ? t(lang, 'demoKeyName') : '');
  if (label) parts.push(label);
  if (key?.serialNumber) parts.push(`${t(lang, 'tokenSerial')} ${key.serialNumber}`);
  // The CA by the name clerks know (its profile row), else the issuer's own name from the certificate.
  const issuer = parseDnString(choice.issuerDN);
  const ca = caName(findCaProfile(issuer)?.id ?? null, lang) ?? issuer.O ?? issuer.CN ?? null;
  if (ca) parts.push(ca);
  return parts.join(' · ');
}

/**
 * The sign popup (issue 9 §2): shows which site asks, which certificate will sign, and asks for the PIN here —
 * the portal never sees it. Nothing reaches the key before the user presses the button.
 */
export function SignPage({ lang, loadDriver, demo, keys }: SignPageProps) {
  const [phase, setPhase] = useState<Phase>(window.opener ? 'waiting' : 'no-opener');
  const [accepted, setAccepted] = useState<AcceptedRequest | null>(null);
  const [choices, setChoices] = useState<SignInChoice[]>([]);
  const [{ chosen, status }, setSelection] = useState<{ chosen: number; status: PinStatusPair | null }>({ chosen: 0, status: null });
  const selection = useRef<SignSelection | null>(null);
  const selector = async (): Promise<SignSelection> => {
    selection.current ??= new SignSelection((await loadDriver()).pin, setSelection);
    return selection.current;
  };
  const [pin, setPin] = useState('');
  const [lastTryOk, setLastTryOk] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<SignInTokenProblem[]>([]);
  const channel = useRef<PopupChannel | null>(null);

  const end = (code: Parameters<PopupChannel['fail']>[0]) => {
    channel.current?.fail(code);
    setPhase('ended');
  };

  useEffect(() => {
    if (!window.opener) return undefined;
    channel.current = openPopupChannel(window, setAccepted);
    return () => channel.current?.close();
  }, []);

  useEffect(() => {
    if (phase === 'done' || phase === 'ended' || phase === 'no-opener') return undefined;
    const timer = setTimeout(() => end('TIMEOUT'), IDLE_LIMIT_MS);
    return () => clearTimeout(timer);
  }, [phase, pin]);

  const loadChoices = async (request: AcceptedRequest) => {
    setPhase('loading');
    setError(null);
    setProblems([]);
    try {
      const driver = await loadDriver();
      if (demo) await driver.tokens.startDemoToken();
      // Keys that could not be read are said beside the choices of the others (issue 15 §4), e.g. busy in the app tab.
      const { choices: found, problems: unreadable } = await driver.signIn.signInOptions(request.request.certFilter);
      setProblems(unreadable);
      setChoices(found);
      await (await selector()).load(found); // the login certificate, with its own key's tries
      setPhase('ready');
    } catch (e) {
      setError(e);
      setPhase('ready');
    }
  };

  useEffect(() => {
    if (accepted) void loadChoices(accepted);
  }, [accepted]);

  const choice = choices[chosen];
  // DESIGN.md §7: ask before the last try (the one that locks the PIN) is spent.
  const lastTry = status?.pin.attemptsRemaining === 1;
  const submit = async () => {
    if (!accepted || !choice || pin === '' || (lastTry && !lastTryOk)) return;
    setLastTryOk(false);
    setPhase('signing');
    setError(null);
    const typed = pin;
    setPin(''); // the field never keeps a PIN after the click, whatever the outcome
    try {
      const driver = await loadDriver();
      const envelope = await driver.signIn.signIn({ tokenId: choice.tokenId, keyRef: choice.keyRef, request: accepted.request, origin: accepted.origin, pin: typed });
      channel.current?.finish(envelope);
      setPhase('done');
      setTimeout(() => window.close(), 800);
    } catch (e) {
      const ending = endingFor(e);
      const next = nextStepAfter(e);
      if (ending.end) {
        setError(e);
        end(ending.code);
      } else if (next === 'reload-choices') {
        await loadChoices(accepted); // clears the error while it reads: say it after
        setError(e);
      } else {
        setError(e);
        setPhase('ready');
        await (await selector()).refresh(choices);
      }
    }
  };

  const site = useMemo(() => (accepted ? siteName(accepted.origin) : null), [accepted]);

  if (phase === 'no-opener') {
    return (
      <section class="sign" aria-labelledby="sign-title">
        <h1 id="sign-title">{t(lang, 'signTitle')}</h1>
        <p>{t(lang, 'signNoOpener')}</p>
        <a href="./">{t(lang, 'signOpenApp')}</a>
      </section>
    );
  }
  return (
    <section class="sign" aria-labelledby="sign-title">
      <h1 id="sign-title">{t(lang, 'signTitle')}</h1>
      {!site ? <p role="status">{t(lang, 'signWaiting')}</p> : null}
      {site ? (
        <p class="sign-site" data-testid="sign-site">
          <span class="muted">{site.scheme}://{site.prefix}</span>
          <strong>{site.registrable}</strong>
          <span class="muted">{site.port}</span>
          <br />
          {t(lang, 'signAsks')}
        </p>
      ) : null}
      {accepted?.request.rpData ? (
        // Issue 14 §4: what the site puts in rpData is signed with the login, so the user reads it before the PIN.
        // Rendered as text (Preact escapes it): a portal cannot inject markup into the popup.
        <div class="sign-rpdata" data-testid="sign-rpdata">
          <p>{t(lang, 'signRpData')}</p>
          <blockquote>{accepted.request.rpData}</blockquote>
        </div>
      ) : null}
      {phase === 'loading' ? <p role="status">{t(lang, 'signFindingKey')}</p> : null}
      {choices.length > 1 ? (
        <fieldset>
          <legend>{t(lang, 'signChooseCert')}</legend>
          {choices.map((c, i) => (
            <label key={`${c.tokenId}:${c.keyRef}`} class="sign-choice">
              <input type="radio" name="cert" checked={i === chosen} onChange={() => void selector().then((s) => s.choose(choices, i))} />{' '}
              <strong>{roleName(c.role, lang)}</strong> · {c.subject.CN ?? c.subjectDN} · <WithDates text={t(lang, 'signValidUntil', { date: formatDate(c.notAfter) })} />
              {keyLine(c, keys, lang) ? <span class="small muted"> · {keyLine(c, keys, lang)}</span> : null}
            </label>
          ))}
        </fieldset>
      ) : null}
      {choice ? (
        <div data-testid="sign-cert">
          {keyLine(choice, keys, lang) ? (
            <p class="sign-key" data-testid="sign-key">
              {t(lang, 'signKey')}
              {labelColon(lang)}
              <strong>{keyLine(choice, keys, lang)}</strong>
            </p>
          ) : null}
          <p>
            {t(lang, 'signWith')} <strong>{choice.subject.CN ?? choice.subjectDN}</strong>
            {choice.subject.O ? `（${choice.subject.O}）` : ''} · {roleName(choice.role, lang)} · <WithDates text={t(lang, 'signValidUntil', { date: formatDate(choice.notAfter) })} />
          </p>
        </div>
      ) : null}
      {choice && (phase === 'ready' || phase === 'signing') ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <PinTries status={status} lang={lang} />
          <div class="field">
            <label for="sign-pin">{t(lang, 'signPinLabel')}</label>
            <input id="sign-pin" type="password" autocomplete="off" value={pin} onInput={(e) => setPin(e.currentTarget.value)} disabled={phase === 'signing'} />
          </div>
          <p class="muted small">{t(lang, 'signPinStaysHere')}</p>
          {lastTry ? (
            <LastTryConfirm id="sign-last-try" checked={lastTryOk} onChange={setLastTryOk} lang={lang} text={t(lang, 'lastTryWarning')} label={t(lang, 'lastTryConfirm')} />
          ) : null}
          <button type="submit" class="primary" disabled={phase === 'signing' || pin === '' || (lastTry && !lastTryOk)} data-testid="sign-confirm">
            {phase === 'signing' ? t(lang, 'signSigning') : t(lang, 'signConfirm')}
          </button>{' '}
          <button type="button" onClick={() => end(choices.length === 0 ? 'NO_TOKEN' : 'USER_CANCELLED')} data-testid="sign-cancel">
            {t(lang, 'signCancel')}
          </button>
        </form>
      ) : null}
      {error !== null ? <ErrorPanel error={error} lang={lang} /> : null}
      {problems.map((p) => (
        <ErrorPanel key={p.tokenId} error={{ name: p.errorName, fields: p.fields, guideId: p.guideId, texts: p.texts }} lang={lang} />
      ))}
      {phase === 'ready' && !choice && accepted ? (
        <p>
          <button type="button" onClick={() => void loadChoices(accepted)}>
            {t(lang, 'signRetry')}
          </button>{' '}
          <button type="button" onClick={() => end('NO_TOKEN')} data-testid="sign-cancel">
            {t(lang, 'signCancel')}
          </button>
        </p>
      ) : null}
      {phase === 'done' ? <p role="status" class="ok-text" data-testid="sign-done">{t(lang, 'signDone')}</p> : null}
      {phase === 'ended' && error === null ? <p role="status">{t(lang, 'signEnded')}</p> : null}
    </section>
  );
}
