/**
 * What a key is for, in the user's words, from its PrKDF usage flags (ISO 7816-15 §8.4.1 KeyUsageFlags, the
 * same bits as X.509 key usage and PKCS#11 CKA_*): non-repudiation is the signing key (签名), a key that
 * signs is the authentication key (身份认证), a key that only decrypts or unwraps is for encryption (加密).
 */
import type { KeyRole } from '../seam/token-model';
import { KEY_USAGE } from './constants';

const bit = (n: number): number => 1 << n;

export function roleOfUsage(usage: number): KeyRole {
  if (usage & bit(KEY_USAGE.NON_REPUDIATION)) return 'signature';
  if (usage & (bit(KEY_USAGE.SIGN) | bit(KEY_USAGE.SIGN_RECOVER))) return 'authentication';
  if (usage & (bit(KEY_USAGE.DECRYPT) | bit(KEY_USAGE.UNWRAP) | bit(KEY_USAGE.DERIVE))) return 'encryption';
  // No usage the profile can name: the key still proves who holds the card.
  return 'authentication';
}
