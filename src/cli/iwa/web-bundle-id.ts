/**
 * Signed Web Bundle IDs (WICG isolated-web-apps Scheme.md "Signed Web Bundle IDs"): base32 (RFC 4648 §6, no
 * padding, lower case) of the Ed25519 public key followed by the type suffix 00 01 02. The IWA origin is
 * isolated-app://<id>/, so the ID is what an admin puts in the force-install policy.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
export const ED25519_ID_SUFFIX = Uint8Array.of(0x00, 0x01, 0x02);

export function base32NoPadding(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

export function webBundleIdOf(ed25519PublicKey: Uint8Array): string {
  const raw = new Uint8Array(ed25519PublicKey.length + ED25519_ID_SUFFIX.length);
  raw.set(ed25519PublicKey);
  raw.set(ED25519_ID_SUFFIX, ed25519PublicKey.length);
  return base32NoPadding(raw);
}

export function isolatedAppOrigin(webBundleId: string): string {
  return `isolated-app://${webBundleId}/`;
}
