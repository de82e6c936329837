/**
 * The file size from a SELECT answer (ISO 7816-4 §7.4.3 Table 12): the FCP template 62, or an FCI template
 * 6F carrying the same data objects; 80 is the number of data bytes, 81 the total including structure.
 */
import { TlvError, decodeTlvs, findTlv } from '../../apdu';
import { Pkcs15DataError } from './errors';

const TAG = { FCP: 0x62, FCI: 0x6f, DATA_SIZE: 0x80, TOTAL_SIZE: 0x81 } as const;

/** Bytes in the selected transparent file, or null when the card does not say (then READ BINARY runs to the end). */
export function fileSizeFromFcp(answer: Uint8Array, context: string): number | null {
  if (answer.length === 0) return null;
  try {
    const template = decodeTlvs(answer).find((item) => item.tag === TAG.FCP || item.tag === TAG.FCI);
    if (!template) return null;
    const fields = decodeTlvs(template.value);
    const size = findTlv(fields, TAG.DATA_SIZE) ?? findTlv(fields, TAG.TOTAL_SIZE);
    if (!size || size.value.length === 0 || size.value.length > 4) return null;
    return size.value.reduce((acc, b) => acc * 256 + b, 0);
  } catch (error) {
    if (error instanceof TlvError) throw new Pkcs15DataError(`${context} FCP`, error.message, { cause: error });
    throw error;
  }
}
