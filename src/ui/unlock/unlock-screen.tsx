/**
 * 通过 CA 解锁 (issue 10 §4): status of the online-unlock registration, register (or resume one a crash left),
 * ask the CA for an unlock with the contact name and phone, then the 解锁授权码 with a new PIN. The PUK is the
 * CA's escrow: shown only when the user asked for it, once. The lead wires the route and passes `load`.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { escrowPhaseText, ut } from '../i18n/unlock-texts';
import { EscrowedUnblockCodeRejectedError, UnlockCodeRejectedError, UnlockStateError } from '../../flows/unlock';
import type { DeviceService, UnlockStatus, JobProgress } from '../../worker';
import { deserializeError } from '../../shared/errors';
import { runJob } from '../driver-client/job-watch';
import { UnlockJobProgress } from './unlock-job-progress';
import { PinErrorPanel } from '../pin/pin-error-panel';
import { caHotlines, caName } from '../ca-routes';
import { caProfileOf } from '../cert-only/cert-only-facts';
import { CaServiceRoute } from '../components/ca-service-route';
import { CopyButton } from '../components/copy-button';
import { labelColon } from '../i18n/punctuation';
import { hrefFor } from '../router';
import { useAppState } from '../use-app';
import { RedeemForm, RegisterForm, RequestForm } from './unlock-forms';

type Done = 'registered' | 'unlocked-rotated' | 'unlocked-not-rotated';

export function UnlockScreen({ tokenId, load }: { tokenId: string; load: () => Promise<Pick<DeviceService, 'unlock' | 'jobs'>> }) {
  const state = useAppState();
  const { lang } = state;
  const plugged = state.tokens.get(tokenId)?.live === true;
  const [status, setStatus] = useState<UnlockStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const [shownUnblockCode, setShownUnblockCode] = useState<string | null>(null);
  // Registration and redeem are jobs (issue 15 §5): their step, shown while they run.
  const [progress, setProgress] = useState<JobProgress | null>(null);
  // The request whose code the CA will no longer take: hidden until a new request replaces it, even while
  // that new request is still being sent (else the dead code form flashes back).
  const [deadRequest, setDeadRequest] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    if (plugged) void (async () => (await load()).unlock.unlockStatus(tokenId))().then((s) => live && setStatus(s), (e: unknown) => live && setError(e));
    return () => void (live = false);
  }, [tokenId, plugged]);

  const act = async (step: (api: Pick<DeviceService, 'unlock' | 'jobs'>) => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    setDone(null);
    setShownUnblockCode(null);
    setProgress(null);
    try {
      await step(await load());
    } catch (e) {
      setError(e);
      if (e instanceof UnlockCodeRejectedError && codeIsDead(e)) setDeadRequest(status?.request?.requestId ?? null);
      // The CA or the card may have moved on (a code attempt spent, a phase recorded): show what is true now.
      await (await load()).unlock.unlockStatus(tokenId).then(setStatus, () => undefined);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  // A used or expired code is a dead end only if the old request stays: offer a new one at once (issue 16 §2).
  // A wrong code that spent the last attempt is as dead as a used one: the CA takes that code no more.
  const needNewRequest = (error instanceof UnlockCodeRejectedError && codeIsDead(error)) || (deadRequest !== null && status?.request?.requestId === deadRequest);
  const view = state.tokens.get(tokenId);
  const profileId = view ? caProfileOf(view) : null;
  const ca = caName(profileId, lang);
  const hotlines = caHotlines(profileId);
  const unfinished = status?.escrowPhase !== null && status?.escrowPhase !== undefined && !status.registered && status.escrowPhase !== 'kept-old';
  return (
    <section aria-labelledby="unlock-title" data-testid="unlock-screen">
      <h1 id="unlock-title" tabIndex={-1}>
        {ut(lang, 'title')}
      </h1>
      <p>{ut(lang, 'intro')}</p>
      {status ? (
        <div class="notice" role="status" data-testid="unlock-status" data-registered={String(status.registered)}>
          <p>{status.registered ? ut(lang, 'statusRegistered') : unfinished ? ut(lang, 'statusUnfinished', { phase: escrowPhaseText(lang, status.escrowPhase!) }) : ut(lang, 'statusNotRegistered')}</p>
          {status.pinBlocked ? <p>{ut(lang, 'pinBlocked')}</p> : null}
          {status.unblockCodeTriesLeft !== null ? <p>{ut(lang, 'unblockCodeTries', { n: status.unblockCodeTriesLeft })}</p> : null}
        </div>
      ) : null}
      {done ? (
        <div class="notice ok" role="status" data-testid="unlock-done">
          {done === 'registered' ? <p>{ut(lang, 'registered')}</p> : <p>{ut(lang, 'unlocked')}</p>}
          {done === 'unlocked-rotated' ? <p>{ut(lang, 'rotated')}</p> : null}
          {/* "Resume registration" only when there is one to resume: a rotation refused before any card command leaves the CA's escrow matching the card. */}
          {done === 'unlocked-not-rotated' && !status?.registered ? <p>{ut(lang, 'notRotated')}</p> : null}
          {done === 'unlocked-not-rotated' && error ? <p data-testid="unlock-rotation-failed">{ut(lang, 'rotationFailed')}</p> : null}
          {shownUnblockCode ? <p data-testid="unlock-shown-puk">{ut(lang, 'shownUnblockCode', { code: shownUnblockCode })}</p> : null}
        </div>
      ) : null}
      {busy && progress ? <UnlockJobProgress progress={progress} lang={lang} /> : null}
      {error ? <ErrorDetail error={error} lang={lang} /> : null}
      {plugged && status && (!status.registered || unfinished) && !status.pinBlocked ? (
        <RegisterForm
          lang={lang}
          busy={busy}
          resume={unfinished}
          unblockCodeRequired={status.unblockCodeRequired === true}
          onSubmit={(v) =>
            act(async (api) => {
              const job = await runJob(
                api.jobs,
                unfinished
                  ? { kind: 'resume-escrow', params: { tokenId, pin: v.pin } }
                  : { kind: 'register-unlock', params: { tokenId, pin: v.pin, ...(v.currentUnblockCode ? { currentUnblockCode: v.currentUnblockCode } : {}), revealNewUnblockCode: v.reveal } },
                setProgress,
              );
              if (job.flow === 'escrow') setStatus(job.status);
              if (job.flow === 'unlock') {
                setStatus(job.result.status);
                setShownUnblockCode(job.result.newUnblockCode);
              }
              setDone('registered');
            })
          }
        />
      ) : null}
      {plugged && status && (!status.request || needNewRequest) ? (
        <RequestForm lang={lang} busy={busy} onSubmit={(v) => act(async (api) => setStatus(await api.unlock.fileUnlockRequest({ tokenId, ...v })))} />
      ) : null}
      {status?.request && !needNewRequest ? (
        <>
          <p data-testid="unlock-request-filed">
            {ut(lang, 'requestFiled', { time: new Date(status.request.filedAt).toLocaleString(lang) })}
            <br />
            {ut(lang, 'requestNumberLabel')}
            {labelColon(lang)}
            <code class="mono" data-testid="unlock-request-number">{status.request.requestId}</code>{' '}
            <CopyButton text={status.request.requestId} lang={lang} what={ut(lang, 'requestNumber')} />
          </p>
          {ca ? (
            <p data-testid="unlock-ca">
              {ut(lang, 'requestCa', { ca })}
              {hotlines.map((h, i) => (
                <span key={h}>
                  {i === 0 ? ' ' : lang === 'zh-CN' ? '、' : ', '}
                  <a class="date" href={`tel:${h.replace(/[^0-9+]/g, '')}`}>{h}</a>
                </span>
              ))}
            </p>
          ) : null}
          {hotlines.length === 0 ? <CaServiceRoute profileId={profileId} lang={lang} /> : null}
          <RedeemForm
            lang={lang}
            busy={busy}
            onSubmit={(v) =>
              act(async (api) => {
                const job = await runJob(api.jobs, { kind: 'redeem-unlock', params: { tokenId, code: v.code, newPin: v.newPin } }, setProgress);
                if (job.flow !== 'unlock') return;
                const r = job.result;
                setStatus(r.status);
                setShownUnblockCode(r.newUnblockCode);
                const rotated = r.status.registered && r.rotationError === null;
                setDone(rotated ? 'unlocked-rotated' : 'unlocked-not-rotated');
                // The unlock stands; why the unblock code was not replaced is told, never swallowed (review defect 7).
                if (r.rotationError) setError(deserializeError(r.rotationError));
              })
            }
          />
        </>
      ) : null}
      <p>
        <a href={hrefFor({ name: 'token', tokenId })}>{ut(lang, 'backToKey')}</a> · <a href={hrefFor({ name: 'guides', guideId: 'unlock' })}>{t(lang, 'guideLink')}</a>
      </p>
    </section>
  );
}

/** The count the CA or the card gave, in words above the general error panel. */
function ErrorDetail({ error, lang }: { error: unknown; lang: 'zh-CN' | 'en' }) {
  let detail: string | null = null;
  if (error instanceof UnlockCodeRejectedError) {
    detail =
      error.reason === 'expired' ? ut(lang, 'codeExpired') : codeIsDead(error) ? ut(lang, 'codeUsedUp') : error.attemptsLeft !== null ? ut(lang, 'codeWrongLeft', { n: error.attemptsLeft }) : null;
  } else if (error instanceof EscrowedUnblockCodeRejectedError && error.unblockCodeTriesLeft !== null) {
    detail = ut(lang, 'unblockCodeRefused', { n: error.unblockCodeTriesLeft });
  } else if (error instanceof UnlockStateError && (error.problem === 'unblock-code-needed' || error.problem === 'escrow-unresolved')) {
    // A card without a public factory unblock code, or one that cannot say what a cut-off change left (issue 15 §1).
    detail = ut(lang, error.problem === 'unblock-code-needed' ? 'unblockCodeNeeded' : 'escrowUnresolved');
  }
  // A dead code's own sentence says it all ("send a new request"); the general panel would add "check the
  // 16 digits and retry" for a code the CA takes no more, beside a form that no longer asks for it.
  const deadCode = error instanceof UnlockCodeRejectedError && codeIsDead(error);
  return (
    <>
      {detail ? <p class="notice warn" role={deadCode ? 'alert' : undefined} data-testid="unlock-error-detail">{detail}</p> : null}
      {/* Registration changes the unblock code: a refusal of it is the code's, with its tries (issue 16 §2). */}
      {deadCode ? null : <PinErrorPanel error={error} lang={lang} />}
    </>
  );
}

/** The CA will not take this code again: expired, used, or its last attempt spent on a wrong code. */
function codeIsDead(error: UnlockCodeRejectedError): boolean {
  return error.reason !== 'wrong' || error.attemptsLeft === 0;
}
