import { expect } from 'vitest';
import { fromHex, toHex } from '../../../src/apdu/hex';
import type { ApduTransport, TransportCapabilities } from '../../../src/apdu/transport';

/** One expected exchange: the exact command (hex) and the card's answer (hex, data + SW). */
export type Step = readonly [command: string, response: string];

/**
 * A fake card that only knows a script: every command must be byte-exactly the next expected one. Records
 * what was sent so tests can count APDUs.
 */
export class ScriptedTransport implements ApduTransport {
  readonly capabilities: TransportCapabilities;
  readonly sent: string[] = [];
  readonly atr = new Uint8Array(0);
  readonly isDisconnected = false;
  closed = false;
  private readonly steps: Step[];

  constructor(steps: readonly Step[], capabilities: TransportCapabilities = SHORT_LINK) {
    this.steps = [...steps];
    this.capabilities = capabilities;
  }

  exchange(command: Uint8Array): Promise<Uint8Array> {
    const hex = toHex(command);
    this.sent.push(hex);
    const step = this.steps.shift();
    if (!step) throw new Error(`unexpected command ${hex}`);
    // '*' accepts any command (used where the host's bytes depend on a secret the test withholds).
    if (step[0] !== '*') expect(hex).toBe(step[0].replace(/\s+/g, '').toUpperCase());
    return Promise.resolve(fromHex(step[1]));
  }

  onDisconnect(): () => void {
    return () => undefined; // a script never goes away
  }

  describe(): Record<string, unknown> {
    return { kind: 'scripted' };
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Every scripted step was used. */
  get done(): boolean {
    return this.steps.length === 0;
  }
}

/** A link with short APDUs only (ISO 7816-4 §5.1): byte-exact vectors stay readable. */
export const SHORT_LINK: TransportCapabilities = { extendedApdu: false, maxCommandLength: 261 };
export const EXTENDED_LINK: TransportCapabilities = { extendedApdu: true, maxCommandLength: 65544 };

/** SELECT of the full PIV AID with Le 00, answered with an application property template. */
export const SELECT_OK: Step = ['00A404000B A0000003080000100001 00 00', '61114F0600001000010079074F05A000000308 9000'];
/** GET VERSION answered 5.4.3 (metadata and serial supported). */
export const VERSION_543: Step = ['00FD000000', '050403 9000'];
/** GET VERSION answered "INS not supported": a plain PIV card. */
export const VERSION_NONE: Step = ['00FD000000', '6D00'];
