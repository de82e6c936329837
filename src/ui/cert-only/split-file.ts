/**
 * Which certificates of a file belong to the key (issue 16 §1). A .p7b exported "with the whole chain" also
 * holds the CA certificates: those help build the chain but are not the key's own. RFC 5280 §4.2.1.9: a CA
 * certificate asserts basicConstraints cA; an old v1 root without the extension is self-issued.
 */
import { parseCertificateFile, parseCertificate } from '../../shared/pki';
import { CertificateFileError } from './errors';

export interface SplitCertificates {
  /** The key's own (end-entity) certificates, each DER once, in file order. */
  readonly keyCertificates: readonly Uint8Array[];
  /** CA certificates that came with them (intermediates for the chain, never trusted by arriving here). */
  readonly caCertificates: readonly Uint8Array[];
}

export function splitCertificateFile(bytes: Uint8Array): SplitCertificates {
  let ders: Uint8Array[];
  try {
    ders = parseCertificateFile(bytes);
  } catch (error) {
    throw new CertificateFileError('unreadable', 'no readable certificate in the file', { cause: error });
  }
  const keyCertificates: Uint8Array[] = [];
  const caCertificates: Uint8Array[] = [];
  const seen = new Set<string>();
  for (const der of ders) {
    let isCa: boolean;
    try {
      const cert = parseCertificate(der);
      isCa = cert.extensions.isCa === true || (cert.extensions.isCa === null && cert.subject.key === cert.issuer.key);
      const key = cert.fingerprints.sha256;
      if (seen.has(key)) continue;
      seen.add(key);
    } catch (error) {
      throw new CertificateFileError('unreadable', 'a certificate in the file cannot be read', { cause: error });
    }
    (isCa ? caCertificates : keyCertificates).push(der);
  }
  if (keyCertificates.length === 0) {
    throw new CertificateFileError('only-ca-certificates', `the file holds ${caCertificates.length} CA certificate(s) and no key certificate`);
  }
  return { keyCertificates, caCertificates };
}
