/** An ApduTransport straight over an emulated SmartCard, recording every command APDU sent. */
import type { ApduTransport } from '../../../src/apdu/transport';
import type { SmartCard } from '../../../src/virtual/virtual-token/smart-card';

export class CardTransport implements ApduTransport {
  readonly capabilities = { extendedApdu: false, maxCommandLength: 261 };
  readonly sent: Uint8Array[] = [];
  isDisconnected = false;

  constructor(
    private readonly card: SmartCard,
    readonly atr: Uint8Array = card.atr,
  ) {}

  onDisconnect(): () => void {
    return () => undefined;
  }

  async exchange(command: Uint8Array): Promise<Uint8Array> {
    this.sent.push(command.slice());
    return this.card.transmit(command);
  }

  async close(): Promise<void> {
    this.isDisconnected = true;
  }

  describe(): Record<string, unknown> {
    return { kind: 'test' };
  }

  /** Commands with this INS sent so far (optionally only those with a data field). */
  count(ins: number, withData = false): number {
    return this.sent.filter((c) => c[1] === ins && (!withData || c.length > 5)).length;
  }
}
