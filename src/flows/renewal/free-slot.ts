/**
 * Which retired slot receives the new key (SP 800-73-4 Part 1 §3.3.3: retired key slots 82..95). A slot is
 * free when no certificate is on the card for it and no unfinished renewal has claimed it. Key History counts
 * retired certificates from 82 upwards, so the lowest free slot keeps listings contiguous.
 */
export const RETIRED_KEY_SLOTS: readonly number[] = Array.from({ length: 20 }, (_, i) => 0x82 + i);

export function chooseFreeRetiredSlot(slotsWithCertificates: ReadonlySet<number>, claimedByRenewals: ReadonlySet<number>): number | null {
  for (const slot of RETIRED_KEY_SLOTS) if (!slotsWithCertificates.has(slot) && !claimedByRenewals.has(slot)) return slot;
  return null;
}

/** The signature algorithm a token key signs CMP messages with (RFC 9483 §3.2; the token hashes the data). */
export function signatureAlgorithmFor(algorithm: 'RSA-2048' | 'ECC-P256' | 'ECC-P384'): 'sha256WithRSAEncryption' | 'ecdsa-with-SHA256' | 'ecdsa-with-SHA384' {
  return algorithm === 'RSA-2048' ? 'sha256WithRSAEncryption' : algorithm === 'ECC-P256' ? 'ecdsa-with-SHA256' : 'ecdsa-with-SHA384';
}
