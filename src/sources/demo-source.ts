/**
 * The demo token as a source: lists nothing until the user starts the demo, then the virtual PIV card behind
 * its virtual USB CCID device (DESIGN.md §6). `load` is a dynamic import, so the emulator is a lazy chunk.
 */
import type { DeviceSource, SourceDevice } from './device-source';

export const DEMO_TOKEN_ID = 'demo';

export class DemoSource implements DeviceSource {
  readonly kind = 'virtual' as const;
  private started: Promise<SourceDevice> | null = null;

  constructor(private readonly load: () => Promise<SourceDevice>) {}

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

  async list(): Promise<SourceDevice[]> {
    return this.started ? [await this.started] : [];
  }
}
