/**
 * Decoding of directory strings as found in Chinese CA certificates. asn1js hands PrintableString, IA5String
 * and T61String (TeletexString) to us as one character per byte. Standards-wise those cannot carry Chinese, but
 * issued certificates do put UTF-8 (and, from older CA software, GB 18030/GBK) bytes into them, so we
 * recover the bytes and decode them: UTF-8 first (self-checking), then GB 18030, then Latin-1 as T.61's
 * closest common reading. UTF8String, BMPString (UCS-2) and UniversalString arrive correctly decoded.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = ((): TextDecoder | null => {
  try {
    return new TextDecoder('gb18030', { fatal: true });
  } catch {
    return null; // runtime without the full ICU data: fall back to Latin-1
  }
})();

/** The bytes behind a one-char-per-byte string, or null if it has wider characters (already decoded). */
export function byteStringToBytes(text: string): Uint8Array | null {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return null;
    bytes[i] = code;
  }
  return bytes;
}

/** Decodes bytes of unknown encoding: ASCII as is, else UTF-8, else GB 18030, else Latin-1. */
export function decodeLegacyBytes(bytes: Uint8Array): string {
  if (bytes.every((b) => b < 0x80)) return String.fromCharCode(...bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    // not UTF-8
  }
  if (gb18030) {
    try {
      return gb18030.decode(bytes);
    } catch {
      // not GB 18030 either
    }
  }
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** Re-reads a string that an ASN.1 decoder produced one char per byte. */
export function redecodeByteString(text: string): string {
  const bytes = byteStringToBytes(text);
  return bytes ? decodeLegacyBytes(bytes) : text;
}
