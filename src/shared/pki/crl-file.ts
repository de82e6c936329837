/**
 * CRL files as users import them (CLI --crl, the trust screen): DER, or PEM "X509 CRL" (RFC 7468 §5), capped in
 * size and read in linear time. The caller then parses the DER with parseCrl.
 */
import { MAX_CRL_BYTES } from './crl-fetch';
import { CrlError } from './errors';
import { base64Bytes, looksLikePem, readPemBlocks } from './pem';

/** The DER of the first CRL in a file; CrlError('unreadable') when there is none or the file is too large. */
export function crlDerFromFile(bytes: Uint8Array): Uint8Array {
  if (bytes.length > MAX_CRL_BYTES) throw new CrlError('unreadable', `CRL file is larger than ${MAX_CRL_BYTES / 1024 / 1024} MiB`);
  if (!looksLikePem(bytes)) return bytes;
  const block = readPemBlocks(new TextDecoder('latin1').decode(bytes)).find((b) => b.label === 'X509 CRL');
  if (!block) throw new CrlError('unreadable', 'no X509 CRL block in PEM file');
  const der = base64Bytes(block.body);
  if (!der) throw new CrlError('unreadable', 'PEM CRL block is not valid base64');
  return der;
}
