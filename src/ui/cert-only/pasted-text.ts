/**
 * Pasted certificate text (issue 16 §1): what the CA assistant or Windows shows as "Base64 编码 X.509" — PEM
 * with its BEGIN/END lines (RFC 7468 §2), or the bare Base64 body (RFC 4648 §4) without them, often wrapped
 * at 64 or 76 characters and pasted with stray spaces, tabs, CR/LF or a trailing full-width space.
 * The result is bytes for parseCertificateFile: PEM text as is (it finds the blocks), bare Base64 decoded.
 */
import { base64Bytes } from '../../shared/pki';
import { CertificateFileError } from './errors';

/** Characters a paste brings along that are never part of Base64: whitespace, incl. U+3000 and NBSP. */
const PASTE_NOISE = /[\s\u00a0\u3000\ufeff]/g;

export function pastedCertificateBytes(text: string): Uint8Array {
  if (text.includes('-----BEGIN ')) {
    // PEM is ASCII (RFC 7468 §3); other characters in it are pasting noise, dropped before the block reader.
    return new TextEncoder().encode(text.replace(/[^\x20-\x7e\r\n\t]/g, ''));
  }
  const clean = text.replace(PASTE_NOISE, '');
  if (clean === '') throw new CertificateFileError('empty', 'nothing was pasted');
  const bytes = base64Bytes(clean);
  if (!bytes || bytes.length === 0) throw new CertificateFileError('unreadable', 'pasted text is neither PEM nor Base64');
  return bytes;
}
