/**
 * Files the user imports into the local trust store: CA certificates (DER, PEM, PKCS#7 bundles — parsed here in
 * the worker, never on the main thread) and CRLs (read by pki's crlDerFromFile: DER or PEM, size-capped, linear).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../apdu';
import { parseCertificateFile, parseCrl, CaImportError, parseCertificate } from '../shared/pki';
import type { CaCertificateInfo, CrlInfo } from './device-service-api';

/** Every certificate in the file, marked isCa; CaImportError when none can be a trust anchor. */
export function readCaFile(bytes: Uint8Array): CaCertificateInfo[] {
  let infos: CaCertificateInfo[];
  try {
    infos = parseCertificateFile(bytes).map((der) => {
      const cert = parseCertificate(der);
      const { isCa } = cert.extensions;
      // RFC 5280 §4.2.1.9: cA marks a CA; a v1 root has no extensions, so self-issued without the extension counts.
      const selfIssued = cert.subject.key === cert.issuer.key;
      return {
        der,
        sha256: cert.fingerprints.sha256,
        subjectDN: cert.subject.text,
        notAfter: cert.notAfter.toISOString(),
        isCa: isCa === true || (isCa === null && selfIssued),
      };
    });
  } catch (cause) {
    throw new CaImportError('unreadable', 'the file holds no readable certificate', { cause });
  }
  if (!infos.some((info) => info.isCa)) throw new CaImportError('not-a-ca', 'the file holds only end-entity certificates');
  return infos;
}

/** A CRL's DER described for the window's store; CrlError('unreadable') when it is not a CRL. */
export function describeCrl(der: Uint8Array): CrlInfo {
  const crl = parseCrl(der);
  return {
    der,
    sha256: toHex(sha256(der)).toLowerCase(),
    issuerDN: crl.issuer.text,
    thisUpdate: crl.thisUpdate.toISOString(),
    nextUpdate: crl.nextUpdate ? crl.nextUpdate.toISOString() : null,
  };
}
