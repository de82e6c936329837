/**
 * Reading trust material from files for Node callers (CLI, reference portal): a directory of CA certificates
 * (PEM, DER or PKCS#7; self-issued ones become anchors, the others intermediates) and CRL files (PEM or DER).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseCertificateFile,
  crlDerFromFile,
  CertificateParseError,
  parseCertificate,
  MemoryTrustStore,
} from '../../shared/pki';

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

/** A CRL file's DER (PEM "X509 CRL" block or DER); CrlError when it is neither. */
export function readCrlFile(path: string): Uint8Array {
  return crlDerFromFile(new Uint8Array(readFileSync(path)));
}
