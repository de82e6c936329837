import { render } from 'preact';
import { registerServiceWorker, announceUpdateWaiting } from '../sw';
import { App } from './app';
import { AppModel } from './app-model';
import { loadDriver } from './driver-loader';
import { listenForInstallOffer } from './install-prompt';
import { ModelContext } from './use-app';
import './styles.css';
import { installDefaultTrustedTypesPolicy } from './trusted-types/default-policy';
import { installUsbDouble } from 'virtual:ukey-usb-double';

// Test builds only (`vite build --mode e2e-usb`, issue 15 §4): the chooser and the workers share one WebSocket USB
// double, which vite.config.ts puts behind this module; in every other build it does nothing.
installUsbDouble(globalThis as unknown as { navigator: object }, import.meta.env.VITE_UKEY_E2E_USB as string | undefined);

// First, before any worker or service worker is created: the IWA enforces Trusted Types (issue 11 §3).
installDefaultTrustedTypesPolicy(globalThis as unknown as Parameters<typeof installDefaultTrustedTypesPolicy>[0]);

/** Entry of the window side: no driver, PKI or virtual token here — they load in the worker on demand. */
// The demo card lives in the worker's memory: a reload in this tab provisions a fresh one (demo only).
const DEMO_SESSION_KEY = 'ukey-demo';
function sessionFlag(write?: string | null): string | null {
  try {
    if (write === null) sessionStorage.removeItem(DEMO_SESSION_KEY);
    else if (write !== undefined) sessionStorage.setItem(DEMO_SESSION_KEY, write);
    return sessionStorage.getItem(DEMO_SESSION_KEY);
  } catch {
    return null; // storage blocked: the demo then needs ?demo=1 again
  }
}
// Saved keys and settings come from the worker's records service: only the worker opens the database (issue 17 §4).
const model: AppModel = new AppModel({
  loadDriver,
  onDemoStarted: () => sessionFlag('1'),
  onDemoLeft: () => sessionFlag(null),
});
/** The sign popup a portal opens (issue 9 §2) lives at /sign: its own small screen, loaded as a separate chunk. */
const SIGN_PATH = /\/sign\/?$/;

listenForInstallOffer();
const root = document.getElementById('app');
if (root && SIGN_PATH.test(location.pathname)) {
  void import('./sign/sign-main').then((m) => m.startSignPopup(root));
} else {
  if (root) {
    render(
      <ModelContext.Provider value={model}>
        <App />
      </ModelContext.Provider>,
      root,
    );
  }
  const demo = new URLSearchParams(location.search).get('demo') === '1' || sessionFlag() === '1';
  void model.start({ demo });
}
void registerServiceWorker(announceUpdateWaiting).then(() => {
  // The service worker's outbox (issue 10 §3): kick it at start, on `online`, and on a timer while something waits.
  void import('../sw/client').then((m) => m.startOutboxTriggers());
});
// A queued, signed renewal must not be evicted when the disk runs low (best effort; the browser decides).
void navigator.storage?.persist?.().catch(() => false);
