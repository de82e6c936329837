/**
 * The body of an ip/cp/kup that carries one issued certificate, written directly around the certificate's DER
 * (issue 14 §4: embedding it through asn1-schema meant a full parse and re-serialisation per key update).
 * RFC 9810 §5.3.4, module PKIXCMP-2023 (EXPLICIT TAGS):
 *   CertRepMessage ::= SEQUENCE { caPubs [1] … OPTIONAL, response SEQUENCE OF CertResponse }
 *   CertResponse ::= SEQUENCE { certReqId INTEGER, status PKIStatusInfo, certifiedKeyPair CertifiedKeyPair OPTIONAL, … }
 *   CertifiedKeyPair ::= SEQUENCE { certOrEncCert CertOrEncCert, … }
 *   CertOrEncCert ::= CHOICE { certificate [0] CMPCertificate, … }
 */
import { derExplicit, derSequence } from '../../shared/cmp';
import { derInteger } from './x509-der';

/** PKIStatusInfo ::= SEQUENCE { status PKIStatus (accepted = 0) } — no statusString, no failInfo (§5.2.3). */
const ACCEPTED = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]);

/** DER CertRepMessage with one accepted CertResponse holding `certificate` (DER Certificate, copied as is). */
export function certRepMessageDer(certReqId: number, certificate: Uint8Array): Uint8Array {
  const certifiedKeyPair = derSequence(derExplicit(0, certificate));
  return derSequence(derSequence(derSequence(derInteger(certReqId), ACCEPTED, certifiedKeyPair)));
}
