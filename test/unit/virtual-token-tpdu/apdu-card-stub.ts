/**
 * The APDU-level card the engines wrap in these tests: answers from a table by command hex, counting calls.
 * It stands in for the wrapped `SmartCard` only; the TPDU engines under test are the real ones.
 */
import { fromHex, toHex } from '../../../src/apdu/hex';
import type { SmartCard } from '../../../src/virtual/virtual-token/smart-card';

export const hex = (text: string): Uint8Array => fromHex(text.replace(/\s+/g, ''));
export const show = (bytes: Uint8Array | null): string => (bytes === null ? 'mute' : toHex(bytes));

export class TableCard implements SmartCard {
  readonly atr = hex('3B00');
  readonly received: string[] = [];
  constructor(private readonly answers: Record<string, string>, private readonly otherwise = '6D00') {}
  async powerOn(): Promise<Uint8Array> {
    return this.atr;
  }
  async powerOff(): Promise<void> {}
  async transmit(command: Uint8Array): Promise<Uint8Array> {
    const key = toHex(command);
    this.received.push(key);
    return hex(this.answers[key] ?? this.otherwise);
  }
}
