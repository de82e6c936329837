import { fromHex, toHex } from '../../../src/apdu/hex';
import type { TransportCapabilities } from '../../../src/apdu/transport';
import { FakeLink } from './fake-link';

/**
 * A fake card for processor tests: a script of expected command (hex) → response (hex) pairs, checked in
 * order. A command that differs from the script fails the exchange, so tests prove the exact bytes sent.
 * `received` keeps the very buffers the processor handed over, so tests can see them wiped afterwards.
 */
export class ScriptedTransport extends FakeLink {
  readonly sent: string[] = [];
  readonly received: Uint8Array[] = [];
  private step = 0;

  constructor(
    capabilities: TransportCapabilities,
    private readonly script: ReadonlyArray<readonly [string, string | Error]>,
  ) {
    super(capabilities);
  }

  async exchange(command: Uint8Array): Promise<Uint8Array> {
    const hex = toHex(command);
    this.sent.push(hex);
    this.received.push(command);
    const entry = this.script[this.step++];
    if (!entry) throw new Error(`unexpected extra command ${hex}`);
    const [expected, reply] = entry;
    if (hex !== expected.replace(/\s+/g, '')) throw new Error(`step ${this.step}: expected ${expected}, got ${hex}`);
    if (reply instanceof Error) throw reply;
    return fromHex(reply);
  }

  get done(): boolean {
    return this.step === this.script.length;
  }
}

export const SHORT_LINK: TransportCapabilities = { extendedApdu: false, maxCommandLength: 261 };
export const EXTENDED_LINK: TransportCapabilities = { extendedApdu: true, maxCommandLength: 65544 };
