/** The fixes the web can apply itself (issue 4 §1): each returns whether it did something. */
import type { FixAction } from './types';

export interface FixDependencies {
  /** `navigator.storage.persist()`; the browser may say no (it decides by engagement). */
  requestPersist(): Promise<boolean>;
  /** Go to the pairing screen. */
  openPairing(): void;
  /** Look for a new service worker and apply it when one is waiting. */
  updateApp(): Promise<void>;
  reload(): void;
}

export async function applyFix(action: FixAction, deps: FixDependencies): Promise<boolean> {
  switch (action) {
    case 'request-persistent-storage':
      return deps.requestPersist();
    case 're-pair':
      deps.openPairing();
      return true;
    case 'update-app':
      await deps.updateApp();
      return true;
    case 'reload':
      deps.reload();
      return true;
  }
}
