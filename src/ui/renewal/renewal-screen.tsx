/**
 * Renewal from the token (issue 10 §2): the CA profile's window rule in words, the PIN asked here for each run
 * (never kept), progress step by step, and "plug THIS key back in" when it is away mid-renewal — unplugging is
 * always safe, so nothing ever says "don't unplug". After install, the profile's "takes effect" note.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { rt } from '../i18n/renewal-texts';
import { CA_PROFILES, caOnlineService } from '../../shared/ca-profiles';
import '../../flows/renewal';
import type { DeviceService, RenewalStatus, RenewalWindowInfo, JobProgress, JobResult } from '../../worker';
import { ErrorPanel } from '../components/error-panel';
import { WithDates } from '../components/with-dates';
import { loadDriver } from '../driver-loader';
import { viewName } from '../key-name';
import { hrefFor } from '../router';
import { certificateRoleKey, formatDate } from '../token-view';
import { useAppState, useModel } from '../use-app';
import { CaAddressDetails } from './ca-address-details';
import { RenewalProgress } from './renewal-progress';
import { serviceWorkerControl } from './service-worker-control';
import { runJob, watchJob } from '../driver-client/job-watch';
import { windowText } from './window-text';
import { continuesJournal, renewalOutcome, runButtonKey, runRequest } from './renewal-outcome';

/** Where `npm run ca -- serve --demo` listens by default (RFC 9811 §3 well-known path): the demo profile's service. */
export const DEFAULT_CA_URL = caOnlineService('demo')?.cmpUrl.value ?? '';

const isFinal = (s: RenewalStatus | null): boolean => s?.step === 'done' || s?.step === 'failed';

export function RenewalScreen({ tokenId, keyRef, load = loadDriver }: { tokenId: string; keyRef: number; load?: () => Promise<DeviceService> }) {
  const model = useModel();
  const state = useAppState();
  const { lang } = state;
  const view = state.tokens.get(tokenId);
  const plugged = view?.live === true;
  const [info, setInfo] = useState<RenewalWindowInfo | null>(null);
  const [status, setStatus] = useState<RenewalStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [pin, setPin] = useState('');
  const [adminKey, setAdminKey] = useState('');
  const [caUrl, setCaUrl] = useState(DEFAULT_CA_URL);
  // A renewal is a job (issue 15 §5): each step the worker saves shows here while it runs.
  const onStep = (p: JobProgress): void => void (p.flow === 'renewal' && setStatus(p.status));
  const ended = (job: JobResult): void => void (job.flow === 'renewal' && setStatus(job.status));

  useEffect(() => {
    let live = true;
    void (async () => {
      const driver = await load();
      const all = (await driver.renewal.listRenewals(tokenId)).filter((r) => r.mainKeyRef === keyRef);
      const latest = all.at(-1) ?? null;
      if (live && latest) {
        setStatus(latest);
        setCaUrl(latest.caUrl);
        // Still running in this worker (the screen was left and opened again): follow it by id.
        const attached = isFinal(latest) ? null : await driver.jobs.jobStatus(`renewal:${latest.id}`);
        if (live && attached?.state === 'running') {
          setBusy(true);
          void watchJob(driver.jobs, attached.id, onStep)
            .then(ended, (e: unknown) => setError(e))
            .finally(() => setBusy(false));
        }
      }
      if (plugged) {
        const w = await driver.renewal.renewalWindow(tokenId, keyRef);
        if (live) setInfo(w);
      }
    })().catch((e: unknown) => live && setError(e));
    return () => void (live = false);
  }, [tokenId, keyRef, plugged]);

  // Done: read the key again so the dashboard and the detail page show the new certificate (issue 16 §2).
  const done = status?.step === 'done';
  const [reread, setReread] = useState(false);
  useEffect(() => {
    if (done) void model.rereadToken(tokenId).then(setReread, () => setReread(false));
  }, [done, tokenId]);

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const secret = pin;
    setPin(''); // the PIN lives for this one run
    try {
      // The outbox is written by the service worker alone: on a first visit wait until it controls the page.
      await serviceWorkerControl();
      const driver = await load();
      const params = { pin: secret, ...(adminKey ? { adminKeyHex: adminKey } : {}) };
      // Unfinished or kept (the CA certified the new key): the same journal goes on, no new key (renewal-outcome.ts).
      ended(await runJob(driver.jobs, runRequest(status, { tokenId, keyRef: keyRef, caUrl }, params), onStep));
    } catch (e) {
      setError(e);
    } finally {
      setAdminKey('');
      setBusy(false);
    }
  };

  const unfinished = status !== null && !isFinal(status);
  const outcome = renewalOutcome(status);
  const continues = continuesJournal(outcome);
  const closed = info?.window?.kind === 'closed';
  const profile = CA_PROFILES.find((p) => p.id === info?.caProfileId);
  // The CA address comes from the CA profile (issue 14 §3); only the demo's local reference CA may be moved.
  const profileCaUrl = info?.caProfileId ? (caOnlineService(info.caProfileId)?.cmpUrl.value ?? '') : '';
  const shownCaUrl = view?.record.isDemo === true && !continues ? caUrl : continues && status ? status.caUrl : profileCaUrl;
  const serial = status?.tokenSerial ?? view?.record.serialNumber ?? '';
  const cert = view?.certificates.find((c) => c.keyRef === keyRef);
  const newCert = status ? view?.certificates.find((c) => c.keyRef === (status.activeKeyRef ?? status.mainKeyRef)) : undefined;
  // The title names the certificate being renewed: its expiry as first shown, not the new one read afterwards.
  const renewedNotAfter = useRef<string | null>(null);
  if (renewedNotAfter.current === null && cert?.report) renewedNotAfter.current = cert.report.notAfter;
  return (
    <section aria-labelledby="renew-title" data-testid="renewal-screen">
      <h1 id="renew-title" tabIndex={-1}>
        {/* Which key and which certificate (issue 16 §2): "证书延期：社保（人事科）· 加密（2026-12-16 到期）". */}
        {/* The date stays whole at 390 px (a break after its hyphen is allowed by UAX #14): WithDates. */}
        {view && renewedNotAfter.current ? (
          <WithDates text={rt(lang, 'renewTitleOf', { key: viewName(view, lang), cert: t(lang, cert ? certificateRoleKey(cert, false) : 'roleUnknown'), date: formatDate(renewedNotAfter.current) })} />
        ) : (
          rt(lang, 'renewTitle')
        )}
      </h1>
      <p>{rt(lang, 'renewIntro')}</p>
      {info && !done ? <p data-testid="renewal-window" data-kind={info.window?.kind ?? 'unknown'}>{windowText(info, lang, profile?.renewal.windowDays ?? null)}</p> : null}
      {info && !info.caConfigured ? (
        // A CA without an online service we know renews through its own route (ca-services.ts): say so, and where.
        <p class="notice warn" data-testid="renewal-no-service">
          {rt(lang, 'noRenewalService')} <a href={hrefFor({ name: 'guides', guideId: 'renewal-rules' })}>{rt(lang, 'caRouteLink')}</a>
        </p>
      ) : null}
      {status ? <RenewalProgress status={status} lang={lang} effectiveAfterMinutes={info?.effectiveAfterMinutes ?? null} /> : null}
      {done && reread && newCert?.report ? (
        <p class="ok-text" role="status" data-testid="renewal-new-expiry"><WithDates text={rt(lang, 'doneNewExpiry', { date: formatDate(newCert.report.notAfter) })} /></p>
      ) : null}
      {unfinished && !plugged && state.scanned ? (
        <div class="notice" role="status" data-testid="renewal-plug-back">
          <p>{rt(lang, 'plugBack', { serial })}</p>
          <p>{rt(lang, 'plugBackHint')}</p>
        </div>
      ) : null}
      {error ? <ErrorPanel error={error} lang={lang} /> : null}
      {plugged && !closed && info?.caConfigured && (status === null || !isFinal(status) || status.step === 'failed') ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <label>
            {rt(lang, 'pinLabel')}
            <input type="password" autocomplete="off" required value={pin} onInput={(e) => setPin(e.currentTarget.value)} data-testid="renewal-pin" />
          </label>
          {info.needsAdminKey ? (
            <label>
              {rt(lang, 'adminKeyLabel')}
              <input type="password" autocomplete="off" required value={adminKey} onInput={(e) => setAdminKey(e.currentTarget.value)} />
            </label>
          ) : null}
          <button type="submit" disabled={busy} data-testid="renewal-run">
            {busy ? rt(lang, 'working') : rt(lang, runButtonKey(outcome))}
          </button>
        </form>
      ) : null}
      {info?.caConfigured ? <CaAddressDetails lang={lang} demo={view?.record.isDemo === true} editable={!continues && (status === null || isFinal(status))} url={shownCaUrl} onUrl={setCaUrl} /> : null}
      <p>
        <a href={hrefFor({ name: 'token', tokenId })}>{rt(lang, 'backToKey')}</a> · <a href={hrefFor({ name: 'guides', guideId: 'renewal-rules' })}>{t(lang, 'guideLink')}</a>
      </p>
    </section>
  );
}
