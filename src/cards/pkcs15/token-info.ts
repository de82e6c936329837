/** EF.TokenInfo (ISO 7816-15 §8.10, PKCS#15 v1.1 §6.10): the card's serial number and label. */
import { TokenInfo } from './asn1';
import { hexOf, parseSchema } from './schema-parse';

export interface Pkcs15TokenInfo {
  /** serialNumber OCTET STRING as lower-case hex, the form `pkcs15-tool -D` prints. */
  readonly serialHex: string;
  readonly manufacturer: string | null;
  readonly label: string | null;
}

export function parseTokenInfo(bytes: Uint8Array): Pkcs15TokenInfo {
  const info = parseSchema(bytes, TokenInfo, 'EF.TokenInfo');
  return { serialHex: hexOf(info.serialNumber), manufacturer: info.manufacturerID ?? null, label: info.label ?? null };
}
