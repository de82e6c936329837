/**
 * A deterministic APDU-level card for differential tests: its answer depends only on the command bytes, so
 * asking it directly and through a TPDU engine pair must give the same bytes. Like a real T=0 card it has a
 * fixed direction per INS: "outgoing" INS return data sized by Le (case 2); the others take data and may
 * answer data too (case 4). Data beyond Ne waits behind 61xx (ISO/IEC 7816-4 response chaining); warnings and errors
 * carry no data. It counts executions so tests can prove a command ran once.
 */
import { decodeCommand } from '../../../src/apdu/command';
import type { SmartCard } from '../../../src/virtual/virtual-token/smart-card';

/** ISO 7816-4 case 2 INS this card treats as outgoing (GET RESPONSE C0 left out: the T=0 card engine owns it). */
export const REFERENCE_OUTGOING = new Set([0x84, 0xb0, 0xb2, 0xca, 0xf8]);

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

export class ReferenceCard implements SmartCard {
  readonly atr = Uint8Array.of(0x3b, 0x00);
  executions = 0;

  async powerOn(): Promise<Uint8Array> {
    return this.atr;
  }

  async powerOff(): Promise<void> {}

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    this.executions++;
    let decoded: ReturnType<typeof decodeCommand>;
    try {
      decoded = decodeCommand(command);
    } catch {
      return Uint8Array.of(0x67, 0x00);
    }
    const ne = decoded.le ?? 0;
    // The answer depends on the header and data, not on Le or its encoding.
    const h = fnv1a(Uint8Array.of(...command.subarray(0, 4), ...(decoded.data ?? [])));
    const outcome = h % 10;
    if (outcome === 0) return Uint8Array.of(0x62, 0x83);
    if (outcome === 1) return Uint8Array.of(0x6a, 0x82);
    const available = (h >>> 8) % 8 === 0 ? 0 : (h >>> 12) % 300;
    const data = Uint8Array.from({ length: Math.min(ne, available) }, (_, i) => (h >>> (i % 24)) ^ i);
    if (available > ne) return Uint8Array.of(...data, 0x61, Math.min(available - ne, 256) & 0xff);
    return Uint8Array.of(...data, 0x90, 0x00);
  }
}
