import type { DeviceService, RecordsApi } from '../worker';

/** What the app model is given (app-model.ts): the driver, the saved records, a clock and the demo's callbacks. */
export interface ModelDeps {
  readonly loadDriver: () => Promise<DeviceService>;
  /**
   * Saved keys, certificates and settings: the worker's records service (issue 17 §4: only the worker opens the
   * database). Default `(await loadDriver()).records`; tests give one over a fake IndexedDB.
   */
  readonly loadRecords?: () => Promise<RecordsApi>;
  readonly now?: () => Date;
  /** Called when the demo token starts, so a reload in the same tab starts it again (main.tsx). */
  readonly onDemoStarted?: () => void;
  /** Called when the user leaves the demo: main.tsx forgets the tab's demo flag. */
  readonly onDemoLeft?: () => void;
}
