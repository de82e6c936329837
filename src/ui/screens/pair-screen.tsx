import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { DeviceNotFoundError, requestDeviceFilters, pairToken } from '../../usb-driver';
import type { PairedToken } from '../../worker';
import { AddByCertificate } from '../cert-only/add-by-certificate';
import { ErrorPanel } from '../components/error-panel';
import { HidDiscoveryPanel } from '../components/hid-discovery-panel';
import { ReachList } from '../components/reach-list';
import { pairVerdict } from '../pair-verdict';
import { currentReachContext } from '../reach-context';
import { hrefFor } from '../router';
import { useAppState, useModel } from '../use-app';
import { labelColon } from '../i18n/punctuation';

type Outcome = { kind: 'none' } | { kind: 'cancelled' } | { kind: 'blocked' } | { kind: 'error'; error: unknown } | { kind: 'paired'; token: PairedToken };

const nameOf = (e: unknown): string => (typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : '');

/**
 * 添加 UKEY (issue 8 §1, issue 16 §1). It starts with a one-line answer for this computer and browser by CA
 * and portal, then the two ways in — read a key the browser can open, or record a key by its certificate —
 * with "选择 UKEY" above the fold; the per-model reach list is folded under "为什么". `requestDevice()` needs a window and a user gesture (DESIGN.md §3), so it runs here, on
 * the click; the worker then finds the granted device with `getDevices()`. Which key families this browser can
 * reach is shown BEFORE the chooser. Closing the chooser is the user's choice (a neutral line, no red panel);
 * a refusal while WebUSB exists is a policy or permission block, not "no WebUSB". Loaded lazily.
 */
export function PairScreen() {
  const model = useModel();
  const state = useAppState();
  const { lang } = state;
  const [showAll, setShowAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });

  const pair = async () => {
    setOutcome({ kind: 'none' });
    let device: USBDevice;
    try {
      device = await pairToken(navigator.usb, showAll ? [] : requestDeviceFilters());
    } catch (e) {
      if (nameOf(e) === 'NoDeviceChosenError') setOutcome({ kind: 'cancelled' });
      // WebUSB is there but refused the chooser: a SecurityError from a policy (WebUsbBlockedForUrls) or a
      // permissions policy, classified by usb-driver as "unavailable" — say what it really is.
      else if (nameOf(e) === 'WebUsbUnavailableError' && typeof navigator.usb?.requestDevice === 'function') setOutcome({ kind: 'blocked' });
      else setOutcome({ kind: 'error', error: e });
      return;
    }
    setBusy(true);
    try {
      const name = device.productName ?? `${device.vendorId.toString(16)}:${device.productId.toString(16)}`;
      const token = await model.adoptGranted(
        (p) => p.vendorId === device.vendorId && p.productId === device.productId && (p.usbSerialNumber ?? null) === (device.serialNumber ?? null),
      );
      if (!token) throw new DeviceNotFoundError(name);
      const view = model.getState().tokens.get(token.id);
      setOutcome(view?.error ? { kind: 'error', error: view.error } : { kind: 'paired', token });
    } catch (e) {
      setOutcome({ kind: 'error', error: e });
    } finally {
      setBusy(false);
    }
  };

  const demo = async () => {
    setOutcome({ kind: 'none' });
    setBusy(true);
    try {
      await model.startDemo();
      location.hash = hrefFor({ name: 'dashboard' });
    } catch (e) {
      setOutcome({ kind: 'error', error: e });
    } finally {
      setBusy(false);
    }
  };

  const verdict = pairVerdict(currentReachContext(), lang);
  return (
    <section aria-labelledby="pair-title">
      <h1 id="pair-title" tabIndex={-1}>{t(lang, 'pairTitle')}</h1>
      <p class="notice info pair-verdict" data-testid="pair-verdict" data-readable={String(verdict.caKeysReadable)}>{verdict.line}</p>
      <h2 class="visually-hidden">{t(lang, 'pairWaysTitle')}</h2>
      <div class="ways">
        <section class="card way" aria-labelledby="pair-direct-title">
          <h2 id="pair-direct-title">{t(lang, 'pairDirectTitle')}</h2>
          <p>
            <button type="button" class="primary" onClick={pair} disabled={busy} data-testid="pair-button">
              {t(lang, 'pairButton')}
            </button>
          </p>
          <p class="small">{t(lang, 'pairDirectIntro')}</p>
          <p>
            <label>
              <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} /> {t(lang, 'showAllDevices')}
            </label>
          </p>
          <p>
            <button type="button" onClick={demo} disabled={busy} data-testid="demo-button">
              {t(lang, 'demoButton')}
            </button>
          </p>
          {busy ? <p role="status">{t(lang, 'loading')}</p> : null}
          {outcome.kind === 'cancelled' ? <p role="status" class="muted" data-testid="pair-cancelled">{t(lang, 'pairCancelled')}</p> : null}
          {outcome.kind === 'blocked' ? (
            <div class="notice warn" role="alert" data-testid="pair-blocked">
              <p><strong>{t(lang, 'cause')}{labelColon(lang)}</strong>{t(lang, 'pairBlockedCause')}</p>
              <p><strong>{t(lang, 'whatToDo')}{labelColon(lang)}</strong>{t(lang, 'pairBlockedWhatToDo')}</p>
            </div>
          ) : null}
          {outcome.kind === 'paired' ? (
            <p role="status" class="ok-text">
              {t(lang, 'pairOk', { name: outcome.token.productName })} <a href={hrefFor({ name: 'token', tokenId: outcome.token.id })}>{t(lang, 'details')}</a>
            </p>
          ) : null}
          {outcome.kind === 'error' ? <ErrorPanel error={outcome.error} lang={lang} /> : null}
        </section>
        <AddByCertificate lang={lang} />
      </div>
      <HidDiscoveryPanel lang={lang} />
      <details class="why" data-testid="pair-why">
        <summary>{t(lang, 'pairWhy')}</summary>
        <ReachList lang={lang} />
      </details>
    </section>
  );
}
