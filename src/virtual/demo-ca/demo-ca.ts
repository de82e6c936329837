/**
 * The fixed DEMO-ONLY CA (see demo-ca-material.ts): its certificate and its key, for the browser and Node
 * alike (WebCrypto only, nothing else from src/). The demo token's 9A/9C/9D certificates, the reference
 * portal's `--demo` trust anchor and the reference RA/CA's `--demo` issuer all come from here.
 */
import { DEMO_CA_CERTIFICATE_BASE64, DEMO_CA_KEY_JWK } from './demo-ca-material';

/** Subject (= issuer) as RFC 4514 §2.1 writes it, last RDN first — what `openssl x509 -nameopt RFC2253` prints. */
export const DEMO_CA_SUBJECT = 'CN=UKey 助手演示 CA,O=UKey Assistant Demo,C=CN';

/** The same name in DER order, as @peculiar/x509 prints `certificate.subject` / `certificate.issuer`. */
export const DEMO_CA_SUBJECT_IN_DER_ORDER = 'C=CN, O=UKey Assistant Demo, CN=UKey 助手演示 CA';

/** The algorithm to import the key with and to sign certificates and CRLs with (RFC 5758 §3.2). */
export const DEMO_CA_SIGNING_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** RFC 7468 §2 textual encoding: 64-character base64 lines between BEGIN/END labels. */
function pem(label: string, der: Uint8Array): string {
  const lines = bytesToBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** A fresh copy each call, so no caller can alter the anchor another caller sees. */
export function demoCaCertificateDer(): Uint8Array<ArrayBuffer> {
  return base64ToBytes(DEMO_CA_CERTIFICATE_BASE64);
}

export function demoCaCertificatePem(): string {
  return pem('CERTIFICATE', demoCaCertificateDer());
}

/**
 * The demo CA's key pair: the private key signs certificates and CRLs, the public key verifies them.
 * Extractable, because tests hand it to OpenSSL (`demoCaPrivateKeyPem`); it is public demo material anyway.
 */
export async function importDemoCaKeys(): Promise<CryptoKeyPair> {
  const { kty, crv, x, y, d } = DEMO_CA_KEY_JWK;
  const [privateKey, publicKey] = await Promise.all([
    crypto.subtle.importKey('jwk', { kty, crv, x, y, d }, DEMO_CA_SIGNING_ALGORITHM, true, ['sign']),
    crypto.subtle.importKey('jwk', { kty, crv, x, y }, DEMO_CA_SIGNING_ALGORITHM, true, ['verify']),
  ]);
  return { privateKey, publicKey };
}

/** PKCS#8 PEM (RFC 5208, RFC 7468 §10) of the demo key, for OpenSSL peers (`-CAkey`, `-srv_key`, `-key`). */
export async function demoCaPrivateKeyPem(): Promise<string> {
  const { privateKey } = await importDemoCaKeys();
  return pem('PRIVATE KEY', new Uint8Array(await crypto.subtle.exportKey('pkcs8', privateKey)));
}
