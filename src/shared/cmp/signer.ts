/**
 * The signer CMP needs is the CSR signer of src/shared/pki: the token (or software in tests) signs DER bytes in
 * X.509 form. Injected, so this module never sees a PIN or a private key.
 */
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { CSR_SIGNATURE_ALGORITHMS, type CsrSignatureAlgorithm, type CsrSigner } from '../pki/csr';

export type CmpSigner = CsrSigner;
export type CmpSignatureAlgorithm = CsrSignatureAlgorithm;

/** AlgorithmIdentifier for a signer's algorithm (RFC 4055 §5 / RFC 5758 §3.2 parameter rules). */
export function signatureAlgorithmIdentifier(algorithm: CmpSignatureAlgorithm): AlgorithmIdentifier {
  const entry = CSR_SIGNATURE_ALGORITHMS[algorithm];
  return new AlgorithmIdentifier({ algorithm: entry.oid, ...(entry.nullParams ? { parameters: null } : {}) });
}
