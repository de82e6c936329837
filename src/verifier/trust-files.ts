/**
 * Reading trust material from files for Node callers (CLI, reference portal): a directory of CA certificates
 * (PEM, DER or PKCS#7; self-issued ones become anchors, the others intermediates) and CRL files (PEM or DER).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseCertificateFile } from '../pki/certificate-file';
import { CertificateParseError } from '../pki/errors';
import { parseCertificate } from '../pki/parse-certificate';
import { MemoryTrustStore } from '../pki/trust-store';
import { base64ToBytes } from '../signin/base64';

export function addTrustedCertificates(store: MemoryTrustStore, ders: readonly Uint8Array[]): void {
  for (const der of ders) {
    const cert = parseCertificate(der);
    store.add({ der, anchor: cert.subject.key === cert.issuer.key });
  }
}

/** Every readable certificate file in `dir`; other files (keys, notes, CRLs) are skipped. */
export function loadTrustDirectory(dir: string, store = new MemoryTrustStore()): MemoryTrustStore {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    let certs: Uint8Array[];
    try {
      certs = parseCertificateFile(new Uint8Array(readFileSync(path)));
    } catch (error) {
      if (error instanceof CertificateParseError) continue;
      throw error;
    }
    addTrustedCertificates(store, certs);
  }
  return store;
}

/** A CRL file's DER: the first "X509 CRL" PEM block, or the bytes as they are. */
export function readCrlFile(path: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(path));
  const text = new TextDecoder('latin1').decode(bytes);
  const pem = /-----BEGIN X509 CRL-----([A-Za-z0-9+/=\s]*?)-----END X509 CRL-----/.exec(text);
  return pem ? base64ToBytes(pem[1]!.replace(/\s+/g, '')) : bytes;
}
