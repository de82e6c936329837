/**
 * The demo token as a source: lists nothing until the demo is started — in this worker, or in another tab or
 * the sign popup, whose saved demo card (demo-card-store.ts) this worker then plugs in by itself, as one key
 * seen by every window (issue 16 §2). `load` is a dynamic import, so the emulator is a lazy chunk.
 */
import { browserDemoCardStore } from './demo-card-store';
import type { DeviceSource, SourceDevice } from './device-source';

/** null where there is no shared store (Node tests): each worker's demo is its own. */
const savedInBrowser = async (): Promise<boolean | null> => {
  const store = browserDemoCardStore();
  return store ? (await store.read()) !== null : null;
};
const forgetInBrowser = async (): Promise<void> => await browserDemoCardStore()?.clear();

export const DEMO_TOKEN_ID = 'demo';

export class DemoSource implements DeviceSource {
  readonly kind = 'virtual' as const;
  private started: Promise<SourceDevice> | null = null;
  /** The started device is ready, so its card has been saved (a first start saves before it resolves). */
  private ready = false;

  constructor(
    private readonly load: () => Promise<SourceDevice>,
    /** Is a demo card saved for this origin (null: no shared store)? Default: the browser's demo card store. */
    private readonly saved: () => Promise<boolean | null> = savedInBrowser,
    /** Forgets the saved demo card when the user leaves the demo. */
    private readonly forget: () => Promise<void> = forgetInBrowser,
  ) {}

  /** Starts the demo once; later calls return the same device. */
  start(): Promise<SourceDevice> {
    if (!this.started) {
      const pending = this.load();
      this.started = pending;
      this.ready = false;
      pending.then(() => void (this.started === pending && (this.ready = true)), () => undefined);
      pending.catch(() => {
        if (this.started === pending) this.started = null; // e.g. the chunk was not cached yet: try again later
      });
    }
    return this.started;
  }

  /** Leaves the demo: this worker stops listing it and the saved card is deleted (the next start is factory-fresh). */
  async stop(): Promise<void> {
    this.started = null;
    this.ready = false;
    await this.forget();
  }

  async list(): Promise<SourceDevice[]> {
    // Read before asking: a card that was ready before the read began had been saved, so "not saved" means left.
    const wasReady = this.ready;
    const saved = await this.saved().catch(() => null);
    // Started in another window: plug it in here too. Left in another window: unplug it here too, so this
    // window does not write the demo key's records back.
    if (!this.started && saved === true) void this.start().catch(() => undefined);
    if (this.started && wasReady && saved === false) this.started = null;
    return this.started ? [await this.started] : [];
  }
}
