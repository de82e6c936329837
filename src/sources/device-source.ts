/**
 * Device sources (issue 7 §5, DESIGN.md §4): each kind of link the browser offers — WebUSB CCID now, WebHID and
 * the Web Smart Card API next, the virtual demo token — lists the devices it can reach and opens an
 * ApduTransport to one. The worker knows only this interface, so a new source is a new folder.
 */
import type { RedactionPolicy, ApduTransport } from '../apdu';
import type { PairedToken, TokenTransportKind } from '../cards/seam';
import type { UsbCapture } from '../usb-driver';

export interface OpenTransportOptions {
  /** What the link's own trace must hide: every registered profile's secrets (token-session). */
  readonly redaction: RedactionPolicy;
  /** The token's USB capture for the helpdesk export; sources without USB frames ignore it. */
  readonly capture?: UsbCapture;
}

export interface SourceDevice {
  readonly paired: PairedToken;
  openTransport(options: OpenTransportOptions): Promise<ApduTransport>;
  /** CA certificates to trust for this token's reports (only the demo token brings its demo CA). */
  readonly trustAnchors?: readonly Uint8Array[];
  /**
   * Calls `listener` once when the device goes away, whether or not a transport is open (issue 15 §4: a token
   * released to another window can be unplugged in that gap). Returns the unsubscribe.
   */
  watchGone?(listener: () => void): () => void;
}

export interface DeviceSource {
  readonly kind: TokenTransportKind;
  /** The devices reachable now (granted and plugged in). */
  list(): Promise<SourceDevice[]>;
}

/** Every source the worker has, asked in order; ids are unique across sources (each prefixes its own). */
export class DeviceSourceRegistry {
  private readonly sources: DeviceSource[] = [];

  constructor(initial: readonly DeviceSource[] = []) {
    this.sources.push(...initial);
  }

  add(source: DeviceSource): void {
    this.sources.push(source);
  }

  async list(): Promise<SourceDevice[]> {
    const lists = await Promise.all(this.sources.map((source) => source.list()));
    return lists.flat();
  }

  async find(id: string): Promise<SourceDevice | null> {
    return (await this.list()).find((device) => device.paired.id === id) ?? null;
  }
}
