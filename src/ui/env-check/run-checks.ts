/** Runs every check; a check whose probe throws becomes a "could not check" warning, never a crash. */
import type { GuideId } from '../../shared/errors';
import { checkClock } from './check-clock';
import { checkPortals } from './check-portals';
import { checkIndexedDb, checkOnline, checkServiceWorker, checkStoragePersistence } from './checks-app';
import { checkPairedTokens, checkProtectedInterface, checkUsbPermission } from './checks-devices';
import { checkSecureContext, checkWebHid, checkWebSmartCard, checkWebUsb, checkWorker } from './checks-platform';
import { checkKeyCertificates, checkKeyPins, type KeyFacts } from './checks-keys';
import type { EnvProbe, UsbDeviceShape } from './environment';
import { CHECK_IDS, result, type CheckId, type CheckResult } from './types';

const FALLBACK_GUIDE: Readonly<Record<CheckId, GuideId>> = {
  'secure-context': 'webusb-missing',
  webusb: 'webusb-missing',
  webhid: 'browser-versions',
  'web-smart-card': 'protected-interface',
  worker: 'browser-versions',
  'usb-permission': 'no-device-chosen',
  'paired-tokens': 'token-not-recognised',
  'protected-interface': 'protected-interface',
  clock: 'clock-wrong',
  online: 'proxy-exceptions',
  portals: 'proxy-exceptions',
  'storage-persistence': 'storage-problem',
  'service-worker': 'app-update',
  indexeddb: 'storage-problem',
  'key-certificates': 'renewal-rules',
  'key-pin': 'pin-locked',
};

async function guarded(id: CheckId, run: () => CheckResult | Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await run();
  } catch (error) {
    const name = error instanceof Error ? error.name : typeof error;
    return result(id, 'unchecked', FALLBACK_GUIDE[id], `未检查：这一项没能完成（${name}）。`, `Not checked: this check could not run (${name}).`);
  }
}

/**
 * Results in CHECK_IDS order; `keys` are the paired keys' public facts (the window's cached view of them),
 * `siteOrigins` the sites they signed in to through this app.
 */
export async function runEnvironmentChecks(env: EnvProbe, keys: readonly KeyFacts[] = [], siteOrigins: readonly string[] = []): Promise<CheckResult[]> {
  let devices: readonly UsbDeviceShape[] = [];
  let devicesError: unknown = null;
  if (env.hasWebUsb) {
    try {
      devices = await env.getUsbDevices();
    } catch (error) {
      devicesError = error;
    }
  }
  const withDevices = (run: () => Promise<CheckResult>) => () => {
    if (devicesError !== null) throw devicesError;
    return run();
  };
  const runners: Record<CheckId, () => CheckResult | Promise<CheckResult>> = {
    'secure-context': () => checkSecureContext(env),
    webusb: () => checkWebUsb(env),
    webhid: () => checkWebHid(env),
    'web-smart-card': () => checkWebSmartCard(env),
    worker: () => checkWorker(env),
    'usb-permission': withDevices(() => checkUsbPermission(env, devices)),
    'paired-tokens': withDevices(() => checkPairedTokens(env, devices)),
    'protected-interface': withDevices(() => checkProtectedInterface(env, devices)),
    clock: () => checkClock(env),
    online: () => checkOnline(env),
    portals: () => checkPortals(env, siteOrigins),
    'storage-persistence': () => checkStoragePersistence(env),
    'service-worker': () => checkServiceWorker(env),
    indexeddb: () => checkIndexedDb(env),
    'key-certificates': () => checkKeyCertificates(keys, env.now()),
    'key-pin': () => checkKeyPins(keys),
  };
  return Promise.all(CHECK_IDS.map((id) => guarded(id, runners[id])));
}
