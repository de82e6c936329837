/**
 * The card side's own small APDU and BER-TLV codec. The card must answer ANY byte string with a status word,
 * so every malformed input becomes a `VirtualCardStatusError` (6700 / 6A80), never a RangeError.
 */
import { CARD_SW, reject } from './card-status';

export interface CardCommand {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Uint8Array;
  /** Expected response length Ne; 0 when absent. */
  readonly ne: number;
  readonly extended: boolean;
}

/** ISO 7816-4 §5.1: cases 1, 2S/2E, 3S/3E, 4S/4E. */
export function parseCommand(apdu: Uint8Array): CardCommand {
  if (apdu.length < 4) reject(CARD_SW.WRONG_LENGTH, 'APDU shorter than its header');
  const [cla, ins, p1, p2] = [apdu[0]!, apdu[1]!, apdu[2]!, apdu[3]!];
  const head = { cla, ins, p1, p2 };
  const body = apdu.subarray(4);
  if (body.length === 0) return { ...head, data: new Uint8Array(0), ne: 0, extended: false };
  if (body.length === 1) return { ...head, data: new Uint8Array(0), ne: body[0] || 256, extended: false };
  if (body[0] !== 0) {
    const lc = body[0]!;
    if (body.length === 1 + lc) return { ...head, data: body.slice(1), ne: 0, extended: false };
    if (body.length === 2 + lc) return { ...head, data: body.slice(1, 1 + lc), ne: body[1 + lc] || 256, extended: false };
    reject(CARD_SW.WRONG_LENGTH, 'Lc does not match the data');
  }
  // Extended length: first body byte 00, then two bytes.
  if (body.length < 3) reject(CARD_SW.WRONG_LENGTH, 'truncated extended length');
  const first = (body[1]! << 8) | body[2]!;
  if (body.length === 3) return { ...head, data: new Uint8Array(0), ne: first || 65536, extended: true };
  if (first === 0) reject(CARD_SW.WRONG_LENGTH, 'extended Lc of zero');
  if (body.length === 3 + first) return { ...head, data: body.slice(3), ne: 0, extended: true };
  if (body.length === 5 + first) {
    const le = (body[3 + first]! << 8) | body[4 + first]!;
    return { ...head, data: body.slice(3, 3 + first), ne: le || 65536, extended: true };
  }
  return reject(CARD_SW.WRONG_LENGTH, 'extended Lc does not match the data');
}

export function responseApdu(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = (sw >> 8) & 0xff;
  out[data.length + 1] = sw & 0xff;
  return out;
}

export interface CardTlv {
  readonly tag: number;
  readonly value: Uint8Array;
}

/** BER-TLV (ISO 7816-4 §5.2): tags up to 3 bytes, definite lengths up to 3 bytes. */
export function readTlvs(bytes: Uint8Array): CardTlv[] {
  const out: CardTlv[] = [];
  let i = 0;
  while (i < bytes.length) {
    let tag = bytes[i++]!;
    if ((tag & 0x1f) === 0x1f) {
      let more = true;
      for (let n = 0; more; n++) {
        if (i >= bytes.length || n >= 2) reject(CARD_SW.INCORRECT_DATA, 'bad TLV tag');
        const b = bytes[i++]!;
        tag = (tag << 8) | b;
        more = (b & 0x80) !== 0;
      }
    }
    if (i >= bytes.length) reject(CARD_SW.INCORRECT_DATA, 'TLV without length');
    let len = bytes[i++]!;
    if (len > 0x80) {
      const count = len & 0x7f;
      if (count > 3 || i + count > bytes.length) reject(CARD_SW.INCORRECT_DATA, 'bad TLV length');
      len = 0;
      for (let n = 0; n < count; n++) len = len * 256 + bytes[i++]!;
    } else if (len === 0x80) {
      reject(CARD_SW.INCORRECT_DATA, 'indefinite TLV length');
    }
    if (i + len > bytes.length) reject(CARD_SW.INCORRECT_DATA, 'TLV value overruns');
    out.push({ tag, value: bytes.subarray(i, i + len) });
    i += len;
  }
  return out;
}

export function findTlv(tlvs: readonly CardTlv[], tag: number): Uint8Array | undefined {
  return tlvs.find((t) => t.tag === tag)?.value;
}

function tagBytes(tag: number): number[] {
  if (tag > 0xffff) return [tag >> 16, (tag >> 8) & 0xff, tag & 0xff];
  if (tag > 0xff) return [tag >> 8, tag & 0xff];
  return [tag];
}

function lengthBytes(len: number): number[] {
  if (len < 0x80) return [len];
  if (len < 0x100) return [0x81, len];
  if (len < 0x10000) return [0x82, len >> 8, len & 0xff];
  return [0x83, len >> 16, (len >> 8) & 0xff, len & 0xff];
}

export function tlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  const value = concat(...values);
  return concat(Uint8Array.from([...tagBytes(tag), ...lengthBytes(value.length)]), value);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
