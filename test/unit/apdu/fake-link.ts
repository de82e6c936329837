import type { ApduTransport, TransportCapabilities } from '../../../src/apdu/transport';

/**
 * The parts of ApduTransport a test card does not care about (no ATR, never disconnects), so each fake card in
 * these tests only writes its `exchange`.
 */
export abstract class FakeLink implements ApduTransport {
  readonly atr: Uint8Array = new Uint8Array(0);
  readonly isDisconnected: boolean = false;

  constructor(readonly capabilities: TransportCapabilities) {}

  abstract exchange(command: Uint8Array): Promise<Uint8Array>;

  onDisconnect(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {}

  describe(): Record<string, unknown> {
    return { transport: 'test' };
  }
}
