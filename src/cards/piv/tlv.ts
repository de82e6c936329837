/**
 * PIV reads of BER-TLV (ISO 7816-4 §5.2) through the apdu codec, naming what was being read, so that a
 * malformed or incomplete card answer becomes a PivDataError saying where ("certificate 9A: …").
 */
import { TlvError, decodeTlvs, type Tlv } from '../../apdu';
import { PivDataError } from './errors';

export { encodeTlv } from '../../apdu';

/** All TLVs of `data`; malformed input → PivDataError (cause: the TlvError). */
export function parseTlvs(data: Uint8Array, context: string): Tlv[] {
  try {
    return decodeTlvs(data);
  } catch (error) {
    if (error instanceof TlvError) throw new PivDataError(context, error.message, { cause: error });
    throw error;
  }
}

/** The value of the first `tag` in `data`, or undefined. */
export function findTlv(data: Uint8Array, tag: number, context: string): Uint8Array | undefined {
  return parseTlvs(data, context).find((item) => item.tag === tag)?.value;
}

/** The value of the first `tag` in `data`; missing → PivDataError. */
export function requireTlv(data: Uint8Array, tag: number, context: string): Uint8Array {
  const value = findTlv(data, tag, context);
  if (value === undefined) throw new PivDataError(context, `tag ${tag.toString(16).toUpperCase()} missing`);
  return value;
}
