import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { DeviceNotFoundError } from '../../usb-driver/device-errors';
import { requestDeviceFilters } from '../../usb-driver/known-tokens';
import { pairToken } from '../../usb-driver/pairing';
import type { PairedToken } from '../../worker/device-service-api';
import { ErrorPanel } from '../components/error-panel';
import { hrefFor } from '../router';
import { useAppState, useModel } from '../use-app';

/**
 * Pairing. `requestDevice()` needs a window and a user gesture (DESIGN.md §3), so it runs here, on the click;
 * the worker then finds the granted device with `getDevices()`. Loaded lazily with the USB error classes.
 */
export function PairScreen() {
  const model = useModel();
  const state = useAppState();
  const { lang } = state;
  const [showAll, setShowAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [paired, setPaired] = useState<PairedToken | null>(null);

  const pair = async () => {
    setError(null);
    setPaired(null);
    let device: USBDevice;
    try {
      // Typed errors: WebUSB missing, chooser closed (no device chosen), not allowed here.
      device = await pairToken(navigator.usb, showAll ? [] : requestDeviceFilters());
    } catch (e) {
      setError(e);
      return;
    }
    setBusy(true);
    try {
      const name = device.productName ?? `${device.vendorId.toString(16)}:${device.productId.toString(16)}`;
      const token = await model.adoptGranted(
        (p) =>
          p.vendorId === device.vendorId &&
          p.productId === device.productId &&
          (p.usbSerialNumber ?? null) === (device.serialNumber ?? null),
      );
      if (!token) throw new DeviceNotFoundError(name);
      const view = model.getState().tokens.get(token.id);
      if (view?.error) setError(view.error);
      else setPaired(token);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const demo = async () => {
    setError(null);
    setBusy(true);
    try {
      await model.startDemo();
      location.hash = hrefFor({ name: 'dashboard' });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="pair-title">
      <h1 id="pair-title">{t(lang, 'pairTitle')}</h1>
      <p>{t(lang, 'pairIntro')}</p>
      <p>
        <button type="button" class="primary" onClick={pair} disabled={busy}>
          {t(lang, 'pairButton')}
        </button>
      </p>
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
      {paired ? (
        <p role="status" class="ok-text">
          {t(lang, 'pairOk', { name: paired.productName })} <a href={hrefFor({ name: 'token', tokenId: paired.id })}>{t(lang, 'details')}</a>
        </p>
      ) : null}
      {error !== null ? <ErrorPanel error={error} lang={lang} /> : null}
    </section>
  );
}
