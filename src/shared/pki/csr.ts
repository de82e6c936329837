/**
 * PKCS#10 certification requests (RFC 2986) whose key lives on the token: we build CertificationRequestInfo,
 * the injected signer (the driver's sign operation, or software in tests) signs its DER, and we wrap it.
 * RSA PKCS#1 v1.5 and ECDSA now; SM3withSM2 ready (GM/T 0006 OID, signature DER SEQUENCE{r,s}).
 */
import { CertificationRequest, CertificationRequestInfo, Attributes } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Name } from '@peculiar/asn1-x509';
import { CertificateParseError } from './errors';
import { parseSpki } from './public-key';
import { verifySignature } from './signature-registry';

/** Signature algorithms a CSR signer may use, by the names the report uses. */
export const CSR_SIGNATURE_ALGORITHMS = {
  sha256WithRSAEncryption: { oid: '1.2.840.113549.1.1.11', nullParams: true },
  sha384WithRSAEncryption: { oid: '1.2.840.113549.1.1.12', nullParams: true },
  'ecdsa-with-SHA256': { oid: '1.2.840.10045.4.3.2', nullParams: false },
  'ecdsa-with-SHA384': { oid: '1.2.840.10045.4.3.3', nullParams: false },
  SM3withSM2: { oid: '1.2.156.10197.1.501', nullParams: false },
} as const;

export type CsrSignatureAlgorithm = keyof typeof CSR_SIGNATURE_ALGORITHMS;

export interface CsrSigner {
  readonly algorithm: CsrSignatureAlgorithm;
  /**
   * Signs `data` (the DER CertificationRequestInfo) in X.509 form: RSA → the raw signature; ECDSA and SM2 →
   * DER SEQUENCE { r, s }. For SM2 the signer computes Z with the agreed signer ID (GM/T 0009).
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export interface CsrRequest {
  /** DER Name; use subjectFromCertificate() to copy the current certificate's subject. */
  readonly subject: Uint8Array;
  /** DER SubjectPublicKeyInfo of the key on the token. */
  readonly publicKeySpki: Uint8Array;
  readonly signer: CsrSigner;
}

/** The DER subject Name of a certificate, exactly as encoded there. */
export function subjectFromCertificate(certificateDer: Uint8Array): Uint8Array {
  try {
    const cert = AsnConvert.parse(certificateDer, Certificate);
    return new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.subject));
  } catch (cause) {
    throw new CertificateParseError('certificate', 'not a DER X.509 certificate', { cause });
  }
}

export async function buildCsr(request: CsrRequest): Promise<Uint8Array> {
  const algorithm = CSR_SIGNATURE_ALGORITHMS[request.signer.algorithm];
  let subject: Name;
  try {
    subject = AsnConvert.parse(request.subject, Name);
  } catch (cause) {
    throw new CertificateParseError('name', 'subject is not a DER Name', { cause });
  }
  const info = new CertificationRequestInfo({
    version: 0,
    subject,
    subjectPKInfo: parseSpki(request.publicKeySpki),
    attributes: new Attributes(),
  });
  const infoDer = new Uint8Array(AsnConvert.serialize(info));
  const signature = await request.signer.sign(infoDer);
  const csr = new CertificationRequest({
    certificationRequestInfo: info,
    // RFC 4055 §5 / RFC 5758 §3.2: RSA algorithms carry NULL parameters, ECDSA (and SM2) none.
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: algorithm.oid, ...(algorithm.nullParams ? { parameters: null } : {}) }),
    signature: signature.slice().buffer,
  });
  return new Uint8Array(AsnConvert.serialize(csr));
}

/** Checks a CSR's self-signature with the key it carries (what a CA does first). */
export async function verifyCsr(der: Uint8Array, signerId?: string): Promise<boolean> {
  let csr: CertificationRequest;
  try {
    csr = AsnConvert.parse(der, CertificationRequest);
  } catch (cause) {
    throw new CertificateParseError('csr', 'not a DER PKCS#10 request', { cause });
  }
  const tbs = csr.certificationRequestInfoRaw
    ? new Uint8Array(csr.certificationRequestInfoRaw)
    : new Uint8Array(AsnConvert.serialize(csr.certificationRequestInfo));
  const spki = new Uint8Array(AsnConvert.serialize(csr.certificationRequestInfo.subjectPKInfo));
  return verifySignature(
    { tbs, signatureAlgorithm: csr.signatureAlgorithm, signature: new Uint8Array(csr.signature) },
    spki,
    signerId === undefined ? {} : { signerId },
  );
}
