/** Reads the OpenSSL golden vectors (vectors/README.md). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCertificateFile } from '../../../../src/shared/pki/certificate-file';

export const VECTOR_DIR = join(import.meta.dirname, '..', 'vectors');

export const vector = (name: string): Uint8Array => new Uint8Array(readFileSync(join(VECTOR_DIR, name)));
export const vectorCert = (name: string): Uint8Array => parseCertificateFile(vector(name))[0]!;
export const derVectorNames = (): string[] => readdirSync(VECTOR_DIR).filter((f) => f.endsWith('.der')).sort();

/** DER SubjectPublicKeyInfo from a PEM public key file. */
export function vectorSpki(name: string): Uint8Array {
  const pem = new TextDecoder().decode(vector(name));
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}
