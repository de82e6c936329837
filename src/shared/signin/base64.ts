/**
 * Strict base64 (RFC 4648 §4, padded) and base64url (§5, unpadded) for the sign-in payload. Decoding accepts
 * only the canonical form (no whitespace, no padding in base64url, zero trailing bits), so one byte string has
 * exactly one text and a verifier can compare texts as well as bytes.
 */
import { Base64FormatError } from './errors';

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const decodeTable = (alphabet: string): Int16Array => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
};
const STANDARD_TABLE = decodeTable(STANDARD);
const URL_TABLE = decodeTable(URL_SAFE);

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

function decode(text: string, table: Int16Array, alphabet: 'base64' | 'base64url'): Uint8Array {
  let body = text;
  if (alphabet === 'base64') {
    if (text.length % 4 !== 0) throw new Base64FormatError(alphabet, 'base64 length is not a multiple of 4');
    body = text.endsWith('==') ? text.slice(0, -2) : text.endsWith('=') ? text.slice(0, -1) : text;
  }
  if (body.length % 4 === 1) throw new Base64FormatError(alphabet, `${alphabet} length is impossible`);
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const digit = code < 128 ? table[code]! : -1;
    if (digit < 0) throw new Base64FormatError(alphabet, `${alphabet} has a character outside its alphabet`);
    value = ((value << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  // RFC 4648 §3.5: the unused bits of the last character must be zero in a canonical encoding.
  if (bits > 0 && (value & ((1 << bits) - 1)) !== 0) {
    throw new Base64FormatError(alphabet, `${alphabet} is not canonical (non-zero trailing bits)`);
  }
  return out;
}

export const bytesToBase64 = (bytes: Uint8Array): string => encode(bytes, STANDARD, true);
export const bytesToBase64Url = (bytes: Uint8Array): string => encode(bytes, URL_SAFE, false);
export const base64ToBytes = (text: string): Uint8Array => decode(text, STANDARD_TABLE, 'base64');
export const base64UrlToBytes = (text: string): Uint8Array => decode(text, URL_TABLE, 'base64url');
