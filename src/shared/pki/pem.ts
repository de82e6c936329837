/**
 * PEM text (RFC 7468 §2; RFC 1421 headers tolerated) read in linear time. One pass finds every BEGIN/END marker
 * with a regex whose label is bounded (at most 64 characters, so each start position costs constant work);
 * a second pass pairs each END with the nearest BEGIN before it. A file full of unmatched BEGINs therefore costs
 * O(n), not O(k·n) as a lazy "BEGIN … END" regex does. Files are size-capped before any decoding.
 */
export interface PemBlock {
  readonly label: string;
  /** The base64 body with RFC 1421 header lines removed (whitespace kept). */
  readonly body: string;
}

/** Certificate files (DER, PEM, PKCS#7) users import: whole CA bundles are a few hundred KB. */
export const MAX_CERTIFICATE_FILE_BYTES = 4 * 1024 * 1024;

const MARKER = /-----(BEGIN|END) ([A-Z0-9 ]{1,64})-----/g;
const HEADER_LINE = /^[A-Za-z-]+:.*$/gm;

/** Every complete block in `text`, in order; unmatched markers are skipped. */
export function readPemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let open: { label: string; bodyStart: number } | null = null;
  for (const marker of text.matchAll(MARKER)) {
    const [whole, kind, label] = marker as unknown as [string, 'BEGIN' | 'END', string];
    const at = marker.index;
    if (kind === 'BEGIN') {
      open = { label, bodyStart: at + whole.length }; // RFC 7468 has no nesting: a new BEGIN drops an unclosed one
    } else {
      if (open && open.label === label) blocks.push({ label, body: text.slice(open.bodyStart, at).replace(HEADER_LINE, '') });
      open = null;
    }
  }
  return blocks;
}

/** True when the first MiB of `bytes` looks like PEM text. */
export function looksLikePem(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
  return head.includes('-----BEGIN ');
}

/** Base64 (RFC 4648 §4) with whitespace; null when it is not base64. */
export function base64Bytes(text: string): Uint8Array | null {
  const clean = text.replace(/[\r\n\t ]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return null;
  let binary: string;
  try {
    binary = atob(clean.padEnd(Math.ceil(clean.length / 4) * 4, '='));
  } catch {
    return null;
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
