/**
 * certHash of a CertStatus (RFC 9810 §5.3.18): the hash algorithm is the one used in the certificate's own
 * signature (SHA-256 for ecdsa-with-SHA256 and sha256WithRSAEncryption, SM3 for SM3withSM2).
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { Certificate } from '@peculiar/asn1-x509';
import { HASH_OIDS, OID, SIGNATURE_ALGORITHMS, type HashName } from '../pki/oids';
import { sm3 } from '../pki/sm/sm3';
import { CmpDecodeError } from './errors';

const HASHES: Record<HashName | 'SM3', (data: Uint8Array) => Uint8Array> = {
  'SHA-1': sha1,
  'SHA-256': sha256,
  'SHA-384': sha384,
  'SHA-512': sha512,
  SM3: sm3,
};

function hashOfSignature(oid: string, parameters: ArrayBuffer | null | undefined): HashName | 'SM3' {
  const info = SIGNATURE_ALGORITHMS[oid];
  if (info?.family === 'sm2') return 'SM3';
  if (info?.hash) return info.hash;
  if (oid === OID.rsassaPss && parameters) {
    const name = HASH_OIDS[AsnConvert.parse(parameters, RsaSaPssParams).hashAlgorithm.algorithm];
    if (name) return name;
  }
  return 'SHA-256'; // RFC 9810 §5.3.18: fall back to the hashAlg the sender states; we always use SHA-256 then
}

export function certificateHash(certificateDer: Uint8Array): Uint8Array {
  let cert: Certificate;
  try {
    cert = AsnConvert.parse(certificateDer, Certificate);
  } catch (cause) {
    throw new CmpDecodeError('certificate', 'not a DER X.509 certificate', { cause });
  }
  const name = hashOfSignature(cert.signatureAlgorithm.algorithm, cert.signatureAlgorithm.parameters);
  return HASHES[name](certificateDer);
}
