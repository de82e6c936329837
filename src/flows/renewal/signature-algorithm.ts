/*
 * Which key reference receives the new key is the card profile's decision (TokenSession.allocateKeyRef, one
 * allocator per profile): the old chooser here took any spare key reference without an on-card certificate
 * and overwrote keys whose certificates are off the card (review defect 4).
 */

import type { KeyAlgorithmName } from '../../cards/seam';

/** The signature algorithm a token key signs CMP messages with (RFC 9483 §3.2; the token hashes the data). */
export function signatureAlgorithmFor(algorithm: KeyAlgorithmName): 'sha256WithRSAEncryption' | 'ecdsa-with-SHA256' | 'ecdsa-with-SHA384' | 'SM3withSM2' {
  // An SM2 key signs SM3withSM2 (GM/T 0009 §7; the profile hashes with Z, GM/T 0003.2 §6.1).
  if (algorithm === 'SM2') return 'SM3withSM2';
  return algorithm === 'RSA-2048' ? 'sha256WithRSAEncryption' : algorithm === 'ECC-P256' ? 'ecdsa-with-SHA256' : 'ecdsa-with-SHA384';
}
