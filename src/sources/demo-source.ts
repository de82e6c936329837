/**
 * The demo token as a source: lists nothing until the demo is started — in this worker, or in another tab or
 * the sign popup, whose saved demo card (demo-card-store.ts) this worker then plugs in by itself, as one key
 * seen by every window (issue 16 §2). `load` is a dynamic import, so the emulator is a lazy chunk.
 */
import { browserDemoCardStore } from './demo-card-store';
import type { DeviceSource, SourceDevice } from './device-source';

const savedInBrowser = async (): Promise<boolean> => (await browserDemoCardStore()?.read()) != null;
const forgetInBrowser = async (): Promise<void> => await browserDemoCardStore()?.clear();

export const DEMO_TOKEN_ID = 'demo';

export class DemoSource implements DeviceSource {
  readonly kind = 'virtual' as const;
  private started: Promise<SourceDevice> | null = null;

  constructor(
    private readonly load: () => Promise<SourceDevice>,
    /** Is a demo card saved for this origin (started elsewhere)? Default: the browser's demo card store. */
    private readonly savedElsewhere: () => Promise<boolean> = savedInBrowser,
    /** Forgets the saved demo card when the user leaves the demo. */
    private readonly forget: () => Promise<void> = forgetInBrowser,
  ) {}

  /** Starts the demo once; later calls return the same device. */
  start(): Promise<SourceDevice> {
    if (!this.started) {
      const pending = this.load();
      this.started = pending;
      pending.catch(() => {
        if (this.started === pending) this.started = null; // e.g. the chunk was not cached yet: try again later
      });
    }
    return this.started;
  }

  /** Leaves the demo: this worker stops listing it and the saved card is deleted (the next start is factory-fresh). */
  async stop(): Promise<void> {
    this.started = null;
    await this.forget();
  }

  async list(): Promise<SourceDevice[]> {
    if (!this.started && (await this.savedElsewhere().catch(() => false))) void this.start().catch(() => undefined);
    return this.started ? [await this.started] : [];
  }
}
