/** The real EnvProbe, built from the window's globals. Every probe is defensive: a missing API is a finding. */
import { serverDateFromHeaders } from '../../shared/pki';
import { askServiceWorkerVersion, BUILD_TIME } from '../../sw';
import type { EnvProbe, PairedTokenRef, ServiceWorkerState, UsbDeviceShape } from './environment';
import { probeWorkerApis } from './worker-probe';

const SCRATCH_DB = 'ukey-env-check-probe';
/** USB 2.0 §9.4.3 GET_DESCRIPTOR (CONFIGURATION), index 0. */
const GET_DESCRIPTOR = 0x06;
const CONFIGURATION_DESCRIPTOR_VALUE = 0x0200;

async function readConfigurationDescriptor(device: UsbDeviceShape): Promise<Uint8Array | null> {
  const usb = device as unknown as USBDevice;
  // Never disturb a device the driver has open; reading descriptors needs no claimed interface.
  if (typeof usb.open !== 'function' || usb.opened) return null;
  await usb.open();
  try {
    const setup: USBControlTransferParameters = {
      requestType: 'standard',
      recipient: 'device',
      request: GET_DESCRIPTOR,
      value: CONFIGURATION_DESCRIPTOR_VALUE,
      index: 0,
    };
    const head = await usb.controlTransferIn(setup, 9);
    if (!head.data || head.data.byteLength < 4) return null;
    const full = await usb.controlTransferIn(setup, head.data.getUint16(2, true));
    return full.data ? new Uint8Array(full.data.buffer, full.data.byteOffset, full.data.byteLength) : null;
  } finally {
    await usb.close().catch(() => undefined);
  }
}

/** How long one site may take to answer before it counts as unreachable. */
const REACH_TIMEOUT_MS = 5000;

async function reachSite(origin: string): Promise<boolean> {
  try {
    await fetch(new URL('/', origin).href, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(REACH_TIMEOUT_MS) });
    return true;
  } catch {
    return false;
  }
}

async function fetchServerTime(): Promise<number | null> {
  const response = await fetch(new URL('./', location.href).href, { method: 'HEAD', cache: 'no-store' });
  // Date + Age (RFC 9111 §5.1): the same reference the worker's certificate verdicts use.
  return serverDateFromHeaders(response.headers.get('Date'), response.headers.get('Age'))?.getTime() ?? null;
}

async function serviceWorkerState(): Promise<ServiceWorkerState> {
  if (!('serviceWorker' in navigator)) return { supported: false, controlled: false, version: null, updateWaiting: false };
  const registration = await navigator.serviceWorker.getRegistration();
  const controller = navigator.serviceWorker.controller;
  const version = controller ? await askServiceWorkerVersion(controller) : null;
  return { supported: true, controlled: controller !== null, version, updateWaiting: Boolean(registration?.waiting) };
}

function probeIndexedDb(): Promise<void> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new DOMException('indexedDB is missing', 'NotSupportedError'));
      return;
    }
    const request = indexedDB.open(SCRATCH_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('probe');
    request.onerror = () => reject(request.error ?? new DOMException('open failed', 'UnknownError'));
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction('probe', 'readwrite');
      const store = tx.objectStore('probe');
      store.put('ok', 'k');
      const read = store.get('k');
      tx.oncomplete = () => {
        db.close();
        indexedDB.deleteDatabase(SCRATCH_DB);
        if (read.result === 'ok') resolve();
        else reject(new DOMException('read back failed', 'DataError'));
      };
      tx.onerror = () => {
        db.close();
        reject(tx.error ?? new DOMException('transaction failed', 'UnknownError'));
      };
    };
  });
}

export interface BrowserEnvironmentOptions {
  /** Tokens the app has paired (from the store); none when omitted. */
  readonly listPairedTokens?: () => Promise<readonly PairedTokenRef[]>;
}

export function browserEnvironment(options: BrowserEnvironmentOptions = {}): EnvProbe {
  const nav = navigator as Navigator & { smartCard?: unknown };
  return {
    isSecureContext: globalThis.isSecureContext === true,
    hasWebUsb: 'usb' in nav,
    hasWebHid: 'hid' in nav,
    hasWebSmartCard: 'smartCard' in nav,
    hasWorker: typeof Worker === 'function',
    isOnline: nav.onLine,
    buildTime: BUILD_TIME,
    now: () => Date.now(),
    probeWorkerApis,
    getUsbDevices: async () => (nav.usb ? nav.usb.getDevices() : []),
    readConfigurationDescriptor,
    listPairedTokens: options.listPairedTokens ?? (async () => []),
    fetchServerTime,
    storagePersisted: async () => (nav.storage?.persisted ? nav.storage.persisted() : null),
    serviceWorkerState,
    probeIndexedDb,
    reachSite,
  };
}
