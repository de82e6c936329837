/**
 * The bottom of the processor stack: encodes one command APDU (ISO 7816-4 §5.1), exchanges it over the
 * transport, records it in the traffic log and parses the answer. Nothing here retries. The encoded bytes of a
 * command that carries a secret (per the card profile's policy) are wiped once the exchange is over, so a PIN
 * lives only for the call (issue 7 §3).
 */
import { encodeCommand, type CommandApdu } from './command';
import type { ApduLayer } from './apdu-layer';
import { carriesSecret, type RedactionPolicy } from './redaction';
import { parseResponse, type ResponseApdu } from './response';
import type { TrafficLog } from './traffic-log';
import type { ApduTransport } from './transport';

export class TransportLayer implements ApduLayer {
  constructor(
    private readonly transport: ApduTransport,
    private readonly policy: RedactionPolicy,
    private readonly log: TrafficLog | undefined,
  ) {}

  get extended(): boolean {
    return this.transport.capabilities.extendedApdu;
  }

  /** Whether `command`, as this layer would encode it, carries a secret; the probe encoding is wiped. */
  carriesSecret(command: CommandApdu): boolean {
    const bytes = encodeCommand(command, { extended: this.extended });
    try {
      return carriesSecret(this.policy, bytes);
    } finally {
      bytes.fill(0);
    }
  }

  async transmit(command: CommandApdu): Promise<ResponseApdu> {
    const bytes = encodeCommand(command, { extended: this.extended });
    const secret = carriesSecret(this.policy, bytes);
    try {
      let raw: Uint8Array;
      try {
        raw = await this.transport.exchange(bytes);
      } catch (error) {
        this.log?.recordFailure(bytes, error instanceof Error ? error.name : 'exchange failed');
        throw error;
      }
      this.log?.record(bytes, raw);
      return parseResponse(raw);
    } finally {
      if (secret) bytes.fill(0);
    }
  }
}
