/**
 * Files the user imports into the local trust store: CA certificates (DER, PEM, PKCS#7 bundles — parsed here in
 * the worker, never on the main thread) and CRLs (DER or PEM "X509 CRL", RFC 7468 §5).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../apdu/hex';
import { parseCertificateFile } from '../pki/certificate-file';
import { parseCrl } from '../pki/crl';
import { CaImportError, CrlError } from '../pki/errors';
import { parseCertificate } from '../pki/parse-certificate';
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

const PEM_CRL = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/;

/** The DER of a CRL file (PEM or DER); CrlError('unreadable') when it is neither. */
export function crlDerFromFile(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 22)));
  const match = PEM_CRL.exec(text);
  if (!match) return bytes;
  try {
    return Uint8Array.from(atob(match[1]!.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  } catch (cause) {
    throw new CrlError('unreadable', 'PEM CRL block is not valid base64', { cause });
  }
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
