import { MalformedApduError } from './format-errors';

/** A response APDU: data then SW1 SW2 (ISO 7816-4 §5.1). The status word is not interpreted here. */
export interface ResponseApdu {
  readonly data: Uint8Array;
  readonly sw: number;
}

/** Splits response bytes into data and status word; fewer than 2 bytes is a MalformedApduError. */
export function parseResponse(bytes: Uint8Array): ResponseApdu {
  const n = bytes.length;
  if (n < 2) throw new MalformedApduError(n, `response APDU of ${n} bytes has no status word`);
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}

export function encodeResponse(data: Uint8Array, sw: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(sw) || sw < 0 || sw > 0xffff) {
    throw new MalformedApduError(data.length, `status word must be 0000..FFFF, got ${sw}`);
  }
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}
