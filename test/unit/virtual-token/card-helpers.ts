import { decryptBlock, encryptBlock } from '../../../src/virtual/virtual-token/block-cipher';
import { PivCard, type PivCardOptions } from '../../../src/virtual/virtual-token/piv-card';

export interface Reply {
  readonly data: Uint8Array;
  readonly sw: number;
}

export function h(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (x) => parseInt(x, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function send(card: PivCard, apdu: Uint8Array | string): Promise<Reply> {
  const raw = await card.transmit(typeof apdu === 'string' ? h(apdu) : apdu);
  return { data: raw.subarray(0, raw.length - 2), sw: (raw[raw.length - 2]! << 8) | raw[raw.length - 1]! };
}

/** Short APDU with Lc (and Le 00 when asked). */
export function apdu(cla: number, ins: number, p1: number, p2: number, data: Uint8Array, le = false): Uint8Array {
  return Uint8Array.from([cla, ins, p1, p2, ...(data.length ? [data.length, ...data] : []), ...(le ? [0] : [])]);
}

/** What a host does for a long command: CLA 10 chaining in 255-byte parts, then 61xx GET RESPONSE. */
export async function sendLong(card: PivCard, ins: number, p1: number, p2: number, data: Uint8Array): Promise<Reply> {
  let offset = 0;
  let reply: Reply;
  do {
    const part = data.subarray(offset, offset + 255);
    offset += part.length;
    reply = await send(card, apdu(offset < data.length ? 0x10 : 0x00, ins, p1, p2, part, true));
  } while (offset < data.length && reply.sw === 0x9000);
  const chunks = [reply.data];
  while ((reply.sw & 0xff00) === 0x6100) {
    reply = await send(card, '00C0000000');
    chunks.push(reply.data);
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return { data: all, sw: reply.sw };
}

export function pinBlock(pin: string): string {
  return toHex(new TextEncoder().encode(pin)).padEnd(16, 'f');
}

export async function selectedCard(options: PivCardOptions = {}): Promise<PivCard> {
  const card = PivCard.create(options);
  await card.powerOn();
  const r = await send(card, '00A4040005A000000308');
  if (r.sw !== 0x9000) throw new Error('select failed');
  return card;
}

export const DEFAULT_MGM = h('010203040506070801020304050607080102030405060708');

/** Mutual authentication exactly as yubico-piv-tool runs it; returns the final SW. */
export async function authenticate(card: PivCard, algorithm = 0x03, key = DEFAULT_MGM): Promise<number> {
  const block = algorithm === 0x03 ? 8 : 16;
  const step1 = await send(card, apdu(0, 0x87, algorithm, 0x9b, h('7c028000')));
  if (step1.sw !== 0x9000) return step1.sw;
  const witness = decryptBlock(algorithm, key, step1.data.subarray(4, 4 + block));
  const challenge = new Uint8Array(block).fill(0x5a);
  const body = Uint8Array.from([0x7c, 4 + 2 * block, 0x80, block, ...witness, 0x81, block, ...challenge]);
  const step2 = await send(card, apdu(0, 0x87, algorithm, 0x9b, body));
  if (step2.sw !== 0x9000) return step2.sw;
  const expected = toHex(encryptBlock(algorithm, key, challenge));
  if (toHex(step2.data.subarray(4)) !== expected) throw new Error('card answered the challenge wrongly');
  return step2.sw;
}
