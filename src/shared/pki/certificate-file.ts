/**
 * Certificate files as users have them: DER, PEM (one or many blocks), PKCS#7 "certs-only" bundles (.p7b,
 * DER or PEM; RFC 5652 §5.1 SignedData.certificates). Returns each certificate's exact DER bytes.
 */
import { CertificateParseError } from './errors';
import { readChildren, readTlv } from './der-reader';
import { parseCertificate } from './parse-certificate';
import { base64Bytes, looksLikePem, MAX_CERTIFICATE_FILE_BYTES, readPemBlocks } from './pem';

const SEQUENCE = 0x30;
const CONTEXT_0_CONSTRUCTED = 0xa0;
/** DER of OID 1.2.840.113549.1.7.2 (signedData), content bytes only. */
const SIGNED_DATA_OID = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02);
const PEM_CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE', 'PKCS7', 'CERTIFICATE CHAIN']);

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Certificates inside a DER ContentInfo{signedData}, or null if `der` is not one. */
function pkcs7Certificates(der: Uint8Array): Uint8Array[] | null {
  const info = readTlv(der);
  if (!info || info.tag !== SEQUENCE) return null;
  const [type, wrapped] = readChildren(info.content) ?? [];
  if (!type || type.tag !== 0x06 || !sameBytes(type.content, SIGNED_DATA_OID)) return null;
  if (!wrapped || wrapped.tag !== CONTEXT_0_CONSTRUCTED) throw new CertificateParseError('bundle', 'PKCS#7 without content');
  const signedData = readTlv(wrapped.content);
  const fields = signedData && signedData.tag === SEQUENCE ? readChildren(signedData.content) : null;
  if (!fields) throw new CertificateParseError('bundle', 'PKCS#7 SignedData is malformed');
  // version, digestAlgorithms, encapContentInfo, then [0] IMPLICIT CertificateSet OPTIONAL
  const set = fields.slice(3).find((f) => f.tag === CONTEXT_0_CONSTRUCTED);
  const certs = set ? readChildren(set.content) : [];
  if (!certs) throw new CertificateParseError('bundle', 'PKCS#7 certificate set is malformed');
  return certs.filter((c) => c.tag === SEQUENCE).map((c) => c.raw.slice());
}

function fromDer(der: Uint8Array): Uint8Array[] {
  const bundle = pkcs7Certificates(der);
  if (bundle) return bundle;
  parseCertificate(der); // throws CertificateParseError when it is not a certificate
  return [der];
}

/** Every certificate in a file's bytes; CertificateParseError when there is none we can read. */
export function parseCertificateFile(bytes: Uint8Array): Uint8Array[] {
  if (bytes.length > MAX_CERTIFICATE_FILE_BYTES) {
    throw new CertificateParseError('bundle', `certificate file is larger than ${MAX_CERTIFICATE_FILE_BYTES / 1024 / 1024} MiB`);
  }
  if (looksLikePem(bytes)) {
    const found: Uint8Array[] = [];
    for (const block of readPemBlocks(new TextDecoder('latin1').decode(bytes))) {
      if (!PEM_CERT_LABELS.has(block.label)) continue; // keys, CRLs, requests in the same file are ignored
      const der = base64Bytes(block.body);
      if (!der) throw new CertificateParseError('bundle', 'PEM block is not valid base64');
      found.push(...fromDer(der));
    }
    if (found.length === 0) throw new CertificateParseError('bundle', 'no certificate in PEM file');
    return found;
  }
  if (bytes.length === 0) throw new CertificateParseError('bundle', 'empty file');
  const certs = fromDer(bytes);
  if (certs.length === 0) throw new CertificateParseError('bundle', 'PKCS#7 bundle holds no certificate');
  return certs;
}
