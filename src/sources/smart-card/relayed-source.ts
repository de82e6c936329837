/**
 * The Web Smart Card source as the driver worker has it (issue 15 §4): empty until the window offers its relay
 * port (src/ui/driver-client/smart-card-relay.ts; only a window that has `navigator.smartCard` does), then the
 * readers the window sees. A PC/SC service that is missing or failing lists nothing here, so USB tokens of the
 * other sources still show (the registry lists every source together).
 */
import type { DeviceSource, SourceDevice } from '../device-source';
import { RelayedSmartCardManager, type RelayPort } from './relay-manager';
import { WebSmartCardDeviceSource } from './smart-card-device-source';
import type { SmartCardTransportOptions } from './smart-card-transport';

export class RelayedSmartCardSource implements DeviceSource {
  readonly kind = 'smart-card' as const;
  private source: Promise<WebSmartCardDeviceSource> | null = null;
  private port: RelayPort | null = null;

  constructor(private readonly transportOptions: SmartCardTransportOptions = {}) {}

  /** The window's relay port; a later offer (a new window realm) replaces the earlier one. */
  attach(port: RelayPort): void {
    this.port = port;
    this.source = null;
  }

  get isAttached(): boolean {
    return this.port !== null;
  }

  async list(): Promise<SourceDevice[]> {
    if (!this.port) return [];
    const port = this.port;
    if (!this.source) {
      const opening = WebSmartCardDeviceSource.open(new RelayedSmartCardManager(port), this.transportOptions);
      this.source = opening;
      opening.catch(() => {
        if (this.source === opening) this.source = null; // e.g. the PC/SC service was not running yet: ask again next time
      });
    }
    try {
      return await (await this.source).list();
    } catch {
      return [];
    }
  }
}
