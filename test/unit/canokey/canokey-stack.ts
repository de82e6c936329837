/** The CanoKey stack for tests: our source's transport → the emulator's EP0 state machine → the emulator's PIV card. */
import { CanoKeyTransport, type CanoKeyTransportOptions } from '../../../src/sources/canokey/canokey-transport';
import { PivCard, type PivCardOptions } from '../../../src/virtual/virtual-token/piv-card';
import { VirtualCanoKey, type VirtualCanoKeyOptions } from '../../../src/virtual/canokey/virtual-canokey';
import { VirtualCanoKeyBus } from '../../../src/virtual/canokey/virtual-canokey-bus';

export interface CanoKeyStack {
  readonly card: PivCard;
  readonly key: VirtualCanoKey;
  readonly bus: VirtualCanoKeyBus;
  readonly transport: CanoKeyTransport;
}

export async function canokeyStack(
  options: { card?: PivCardOptions; key?: VirtualCanoKeyOptions; link?: Omit<CanoKeyTransportOptions, 'usb'> } = {},
): Promise<CanoKeyStack> {
  // The CanoKey card kind (card-kinds.ts): its vendor commands, version and PIN policies behind the web interface.
  const card = PivCard.create({ kind: 'canokey', ...(options.card ?? {}) });
  const key = new VirtualCanoKey(card, options.key ?? {});
  const bus = new VirtualCanoKeyBus();
  bus.plug(key);
  const transport = await CanoKeyTransport.open(key, { usb: bus, keepaliveMs: 0, ...(options.link ?? {}) });
  return { card, key, bus, transport };
}

export function hex(text: string): Uint8Array<ArrayBuffer> {
  const bytes = Buffer.from(text.replace(/\s/g, ''), 'hex');
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

/** SELECT the PIV application by its AID (SP 800-73-4 Part 2 §3.1.1). */
export const SELECT_PIV = hex('00A4040009A0000003080000100000');

/** Counts the vendor requests the host sends, by bRequest, without changing them. */
export function countRequests(key: VirtualCanoKey): Map<number, number> {
  const counts = new Map<number, number>();
  const inner = key.controlTransferIn.bind(key);
  const outer = key.controlTransferOut.bind(key);
  key.controlTransferIn = (setup, length) => {
    counts.set(setup.request, (counts.get(setup.request) ?? 0) + 1);
    return inner(setup, length);
  };
  key.controlTransferOut = (setup, data) => {
    counts.set(setup.request, (counts.get(setup.request) ?? 0) + 1);
    return outer(setup, data);
  };
  return counts;
}
