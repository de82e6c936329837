/*
 * Which slot receives the new key is the card profile's decision (TokenSession.allocateKeyRef, PIV:
 * src/cards/piv/key-allocator.ts): the old chooser here took any retired slot without an on-card certificate
 * and overwrote keys whose certificates are off the card (review defect 4).
 */

/** The signature algorithm a token key signs CMP messages with (RFC 9483 §3.2; the token hashes the data). */
export function signatureAlgorithmFor(algorithm: 'RSA-2048' | 'ECC-P256' | 'ECC-P384'): 'sha256WithRSAEncryption' | 'ecdsa-with-SHA256' | 'ecdsa-with-SHA384' {
  return algorithm === 'RSA-2048' ? 'sha256WithRSAEncryption' : algorithm === 'ECC-P256' ? 'ecdsa-with-SHA256' : 'ecdsa-with-SHA384';
}
