/**
 * The card side of the shared APDU and BER-TLV codec (src/apdu): the card must answer ANY byte string with a
 * status word, so every malformed input becomes a `VirtualCardStatusError` (6700 / 6A80), never a RangeError.
 */
import { decodeCommand, type CommandApdu } from '../apdu/command';
import { MalformedApduError, TlvError } from '../apdu/format-errors';
import { toHex } from '../apdu/hex';
import { concatBytes } from '../bytes/concat-bytes';
import { decodeTlvs, encodeTlv } from '../apdu/tlv';
import { reject } from './card-status';
import { SW } from '../apdu/status-words';

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

/** ISO 7816-4 §5.1 cases 1–4 via the shared decoder; any malformed length answers 6700. */
export function parseCommand(apdu: Uint8Array): CardCommand {
  let decoded: CommandApdu;
  try {
    decoded = decodeCommand(apdu);
  } catch (error) {
    if (error instanceof MalformedApduError) return reject(SW.WRONG_LENGTH, error.message);
    throw error;
  }
  // Extended form: a 00 byte after the header followed by two length bytes (ISO 7816-4 §5.1).
  const extended = apdu.length >= 7 && apdu[4] === 0;
  return { ...decoded, data: decoded.data ?? new Uint8Array(0), ne: decoded.le ?? 0, extended };
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

/** BER-TLV (ISO 7816-4 §5.2) via the shared decoder; malformed data answers 6A80. */
export function readTlvs(bytes: Uint8Array): CardTlv[] {
  try {
    return decodeTlvs(bytes);
  } catch (error) {
    if (error instanceof TlvError) return reject(SW.INCORRECT_DATA, error.message);
    throw error;
  }
}

export function findTlv(tlvs: readonly CardTlv[], tag: number): Uint8Array | undefined {
  return tlvs.find((t) => t.tag === tag)?.value;
}

export function tlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  return encodeTlv(tag, concat(...values));
}

/** One byte-joining helper for the whole code base (src/apdu/hex.ts). */
export const concat = concatBytes;

/** Lowercase hex, as the state file stores keys and objects. */
export function hex(bytes: Uint8Array): string {
  return toHex(bytes).toLowerCase();
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
